import OpenSSLSupport
import Common
import Vault

/// A connection's certificate and its private key, opened from the unlocked store and
/// checked to belong together: what `verify`, `token`, `exec` and `export` sign or write with.
struct ConnectionCredential {
    /// The stored certificate.
    let certificate: X509Certificate
    /// The sealed key, opened.
    let key: RSAPrivateKey

    /// Opens `connection`'s key in `unlocked` and checks it against its certificate.
    ///
    /// - Throws: ``VaultError`` when the key cannot be opened or does not match;
    ///   `CertificateError` when either cannot be read.
    init(_ connection: ConnectionRecord, unlocked: UnlockedStore) throws {
        certificate = try X509Certificate(der: Array(connection.certificate))
        key = try RSAPrivateKey(pkcs8DER: try unlocked.key(of: connection))
        guard certificate.matches(key) else {
            throw VaultError(.vaultAuthenticationFailed, "the stored key does not match the certificate", location: "connection \(connection.name)")
        }
    }
}
