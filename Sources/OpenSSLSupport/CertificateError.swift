import COpenSSL
import Common

/// The error type of the `Certificates` module.
///
/// Equality is the error's ``code``. OpenSSL failures carry the drained OpenSSL
/// error queue in ``openSSLErrors``; it is shown after the reason.
public struct CertificateError: LocatedError {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case invalidName
        case invalidKeySize
        case invalidValidity
        case keyGenerationFailed
        case notRSAKey
        case keyTooSmall
        case wrongPassword
        case passwordRequired
        case unreadable
        case truncated
        case unknownFormat
        case openSSL
    }

    public let code: Code
    public let detail: String
    public let hint: String?
    /// The file or value concerned, when there is one.
    public let location: String
    /// OpenSSL's own messages, oldest first.
    public let openSSLErrors: [String]


    public init(_ code: Code, _ detail: String, hint: String? = nil, location: String = "", openSSLErrors: [String] = []) {
        self.code = code
        self.detail = detail
        self.hint = hint
        self.location = location
        self.openSSLErrors = openSSLErrors
    }

    /// An error for a failed OpenSSL call, with the error queue drained into it.
    static func openSSL(_ what: String, code: Code = .openSSL, hint: String? = nil, location: String = "") -> CertificateError {
        CertificateError(code, what, hint: hint, location: location, openSSLErrors: OpenSSLErrorQueue.drain())
    }

    /// The same error with a file name attached.
    public func at(_ location: String) -> CertificateError {
        CertificateError(code, detail, hint: hint, location: location, openSSLErrors: openSSLErrors)
    }
}
