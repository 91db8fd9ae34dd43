import Common
import OpenSSLSupport

extension Hint {
    /// What to do after an error of the `certificates` domain.
    static func certificates(_ error: SpconnectError) -> String? {
        let file = error.facts[.certificateFile].flatMap(CertificateFile.init(rawValue:))
        switch (error.code, file) {
        case (.invalidKeySize, _):
            return "use --key-size 2048, 3072 or 4096 (3072 is the default)"
        case (.invalidValidity, _):
            return "use --days between 1 and \(SelfSignedCertificate.maximumDays) (365 is the default)"
        case (.invalidName, _):
            return "use letters, digits, spaces, '-', '_' or '.', at most \(SelfSignedCertificate.maximumCommonNameLength) characters"
        case (.truncated, .pkcs12?), (.truncated, .der?):
            return "copy the file again; it was cut short"
        case (.passwordRequired, .key?):
            return "give its password with --key-password-file or SPCONNECT_KEY_PASSWORD"
        case (.passwordRequired, .pkcs12?):
            return "give it with --password-file or SPCONNECT_CERT_PASSWORD"
        case (.wrongPassword, .key?):
            return "check the password given with --key-password-file or SPCONNECT_KEY_PASSWORD"
        case (.wrongPassword, .pkcs12?):
            return "check the password given with --password-file or SPCONNECT_CERT_PASSWORD"
        case (.unknownFormat, .key?):
            return "give an RSA private key in PEM form (PKCS#8 or traditional RSA, encrypted or not)"
        case (.unknownFormat, .keyNotCertificate?):
            return "inspect the .cer, .pem or .pfx file instead"
        case (.unknownFormat, .notCertificate?):
            return "give a .cer, .pem or .pfx file"
        case (.notRSAKey, _):
            return "Entra ID accepts only RSA certificates; make one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072"
        case (.keyTooSmall, _):
            return "make a new key of 3072 bits"
        default:
            return underlying(error)
        }
    }
}
