internal import COpenSSL
import Common

/// The error type of `OpenSSLSupport`: keys, certificates and archives, and the
/// primitives (random bytes, AES-GCM, X25519, HKDF, scrypt, TLS contexts) that modules
/// above rewrap into their own errors.
///
/// Equality is the error's ``code``. OpenSSL failures carry the drained OpenSSL
/// error queue in ``openSSLErrors``; it is shown after the reason.
package struct CertificateError: LocatedError {
    /// What kind of failure this is.
    package enum Code: String, Sendable {
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

    /// What kind of failure this is.
    package let code: Code
    /// What went wrong, without the location.
    package let detail: String
    /// What to do next, when something useful can be said.
    package let hint: String?
    /// The file or value concerned, when there is one.
    package let location: String
    /// OpenSSL's own messages, oldest first.
    package let openSSLErrors: [String]


    /// An error with the given code and detail; `openSSLErrors` are OpenSSL's messages, oldest first.
    package init(_ code: Code, _ detail: String, hint: String? = nil, location: String = "", openSSLErrors: [String] = []) {
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
    package func at(_ location: String) -> CertificateError {
        CertificateError(code, detail, hint: hint, location: location, openSSLErrors: openSSLErrors)
    }
}
