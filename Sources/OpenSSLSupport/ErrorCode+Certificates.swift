import Common

extension ErrorCode {
    /// A certificate name the name rule refuses.
    public static let invalidName = ErrorCode(.certificates, "invalidName")
    /// An RSA key size other than 2048, 3072 or 4096.
    public static let invalidKeySize = ErrorCode(.certificates, "invalidKeySize")
    /// A validity outside 1 to ``SelfSignedCertificate/maximumDays`` days.
    public static let invalidValidity = ErrorCode(.certificates, "invalidValidity")
    /// OpenSSL could not make an RSA key.
    public static let keyGenerationFailed = ErrorCode(.certificates, "keyGenerationFailed")
    /// A private key of another type than RSA.
    public static let notRSAKey = ErrorCode(.certificates, "notRSAKey")
    /// An RSA key of fewer than 2048 bits.
    public static let keyTooSmall = ErrorCode(.certificates, "keyTooSmall")
    /// The password of a key or PKCS#12 file is wrong.
    public static let wrongPassword = ErrorCode(.certificates, "wrongPassword")
    /// A key or PKCS#12 file is encrypted and no password was given.
    public static let passwordRequired = ErrorCode(.certificates, "passwordRequired")
    /// A file that cannot be read as what it should hold.
    public static let unreadable = ErrorCode(.certificates, "unreadable")
    /// A certificate or archive cut short.
    public static let truncated = ErrorCode(.certificates, "truncated")
    /// Bytes that are no key, certificate or archive spconnect reads.
    public static let unknownFormat = ErrorCode(.certificates, "unknownFormat")
    /// Any other failed OpenSSL call.
    public static let openSSL = ErrorCode(.certificates, "openSSL")
}

extension ErrorFact {
    /// What kind of file a certificate error is about: a ``CertificateFile`` raw value.
    public static let certificateFile = ErrorFact("certificateFile")
}

/// The files a certificate error's hint tells apart (``ErrorFact/certificateFile``).
package enum CertificateFile: String, Sendable {
    /// A PEM private key.
    case key
    /// A PKCS#12 archive.
    case pkcs12
    /// A DER certificate.
    case der
    /// A private key where a certificate was expected.
    case keyNotCertificate
    /// A file that is no certificate at all.
    case notCertificate

    /// Facts naming this kind of file.
    package var facts: ErrorFacts { ErrorFacts(values: [.certificateFile: rawValue]) }
}
