import Common

/// The errors of `OpenSSLSupport`: keys, certificates and archives, and the primitives
/// (random bytes, AES-GCM, X25519, HKDF, scrypt, TLS contexts) that modules above rewrap
/// with `cause: .error(…)`. Its codes are in `ErrorCode+Certificates.swift`; OpenSSL
/// failures carry the drained error queue as their ``ErrorCause/openSSL(_:)`` cause.
package typealias CertificateError = SpconnectError

extension SpconnectError {
    /// An error for a failed OpenSSL call, with the error queue drained into its cause.
    package static func openSSL(_ what: String, code: ErrorCode = .openSSL, location: String = "", facts: ErrorFacts = ErrorFacts()) -> SpconnectError {
        SpconnectError(code, what, location: location, cause: .openSSL(OpenSSLErrorQueue.drain()), facts: facts)
    }
}
