import Common
import OpenSSLSupport

/// The errors of the `Vault` module: the store, sealing and unlocking. Its codes are in
/// `ErrorCode+Vault.swift`. No message ever contains a passphrase or key material.
public typealias VaultError = SpconnectError

extension SpconnectError {
    /// Runs an `OpenSSLSupport` call (`try VaultError.crypto(X25519.generate())`) and
    /// rewraps its error: ``ErrorCode/malformedBlob`` for a key of the wrong shape,
    /// ``ErrorCode/crypto`` for anything else; the detail and the location are kept, and the
    /// error itself (with OpenSSL's messages) is the cause.
    static func crypto<T>(_ body: @autoclosure () throws(CertificateError) -> T) throws(VaultError) -> T {
        do {
            return try body()
        } catch {
            throw VaultError(error.code == .unknownFormat ? .malformedBlob : .crypto, error.detail,
                             location: error.location, cause: .error(error))
        }
    }
}
