internal import COpenSSL
import Common

/// X25519 key agreement (RFC 7748) through OpenSSL.
package enum X25519 {
    /// The size in bytes of a private key, a public key and a shared secret.
    package static let keySize = 32

    /// A new key pair: (private, public), 32 bytes each.
    package static func generate() throws(CertificateError) -> (privateKey: SecretBytes, publicKey: [UInt8]) {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "X25519", nil) else { throw .openSSL("cannot create an X25519 context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_generate(context, &key) == 1, let key else {
            throw .openSSL("X25519 key generation failed")
        }
        defer { EVP_PKEY_free(key) }
        return (try rawPrivate(key), try rawPublic(key))
    }

    /// The public key that belongs to `privateKey`.
    package static func publicKey(of privateKey: SecretBytes) throws(CertificateError) -> [UInt8] {
        let key = try load(privateKey)
        defer { EVP_PKEY_free(key) }
        return try rawPublic(key)
    }

    /// The shared secret of `privateKey` and `peerPublicKey`; an all-zero result
    /// (a small-order peer key) is refused.
    package static func sharedSecret(privateKey: SecretBytes, peerPublicKey: [UInt8]) throws(CertificateError) -> SecretBytes {
        guard peerPublicKey.count == keySize else { throw CertificateError(.unknownFormat, "an X25519 public key has 32 bytes") }
        let mine = try load(privateKey)
        defer { EVP_PKEY_free(mine) }
        guard let peer = EVP_PKEY_new_raw_public_key_ex(nil, "X25519", nil, peerPublicKey, keySize) else {
            throw .openSSL("not an X25519 public key")
        }
        defer { EVP_PKEY_free(peer) }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, mine, nil) else { throw .openSSL("cannot create a derive context") }
        defer { EVP_PKEY_CTX_free(context) }
        var secret = [UInt8](repeating: 0, count: keySize)
        defer { secret.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        var length = keySize
        guard EVP_PKEY_derive_init(context) == 1, EVP_PKEY_derive_set_peer(context, peer) == 1,
              EVP_PKEY_derive(context, &secret, &length) == 1, length == keySize else {
            throw .openSSL("X25519 key agreement failed")
        }
        guard secret.contains(where: { $0 != 0 }) else { throw CertificateError(.unknownFormat, "an X25519 public key of small order") }
        return SecretBytes(secret)
    }

    private static func load(_ privateKey: SecretBytes) throws(CertificateError) -> OpaquePointer {
        let key: OpaquePointer? = privateKey.withUnsafeBytes { raw in
            EVP_PKEY_new_raw_private_key_ex(nil, "X25519", nil, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
        }
        guard let key else { throw .openSSL("not an X25519 private key") }
        return key
    }

    private static func rawPublic(_ key: OpaquePointer) throws(CertificateError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: keySize)
        var length = keySize
        guard EVP_PKEY_get_raw_public_key(key, &bytes, &length) == 1, length == keySize else { throw .openSSL("cannot read an X25519 public key") }
        return bytes
    }

    private static func rawPrivate(_ key: OpaquePointer) throws(CertificateError) -> SecretBytes {
        var bytes = [UInt8](repeating: 0, count: keySize)
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        var length = keySize
        guard EVP_PKEY_get_raw_private_key(key, &bytes, &length) == 1, length == keySize else { throw .openSSL("cannot read an X25519 private key") }
        return SecretBytes(bytes)
    }
}
