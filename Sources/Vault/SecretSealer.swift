import Common
import OpenSSLSupport

/// Seals secrets to the store's X25519 public key, so that adding a secret needs no
/// passphrase and reading one needs the store's private key. See <doc:SEALING>.
///
/// Blob: `"SPCS" | 0x01 | ephemeral public key (32) | nonce (12) | ciphertext | tag (16)`.
public enum SecretSealer {
    static let magic = Array("SPCS".utf8)
    static let version: UInt8 = 1
    static let info = Array("spconnect seal v1".utf8)
    static let overhead = 4 + 1 + 32 + 12 + 16

    /// What a sealed secret belongs to: the record's kind and its ID, bound as associated data.
    public struct Binding: Sendable, Equatable, CustomStringConvertible {
        public let kind: String
        public let id: String

        public init(kind: String, id: String) {
            self.kind = kind
            self.id = id
        }

        public var description: String { "\(kind) \(id)" }

        /// `"spconnect seal v1" 0x00 kind 0x00 id`.
        var associatedData: [UInt8] { SecretSealer.info + [0] + Array(kind.utf8) + [0] + Array(id.utf8) }
    }

    /// Seals `secret` to `publicKey` for the record `binding`.
    public static func seal(_ secret: SecretBytes, to publicKey: [UInt8], binding: Binding) throws(VaultError) -> [UInt8] {
        let ephemeral = try VaultError.crypto(X25519.generate())
        let nonce = try VaultError.crypto(RandomBytes.make(AESGCM.nonceSize))
        return try seal(secret, to: publicKey, binding: binding, ephemeralPrivateKey: ephemeral.privateKey, nonce: nonce)
    }

    /// Deterministic sealing with a given ephemeral key and nonce, for test vectors only.
    static func seal(_ secret: SecretBytes, to publicKey: [UInt8], binding: Binding,
                     ephemeralPrivateKey: SecretBytes, nonce: [UInt8]) throws(VaultError) -> [UInt8] {
        let ephemeralPublic = try VaultError.crypto(X25519.publicKey(of: ephemeralPrivateKey))
        let key = try derive(privateKey: ephemeralPrivateKey, peer: publicKey, ephemeralPublic: ephemeralPublic, recipientPublic: publicKey)
        let sealed = try VaultError.crypto(AESGCM.seal(secret, key: key, nonce: nonce, aad: binding.associatedData))
        return magic + [version] + ephemeralPublic + nonce + sealed
    }

    /// Opens a blob sealed to the key pair whose private half is `privateKey`.
    ///
    /// - Throws: ``ErrorCode/malformedBlob`` for a blob of the wrong shape and
    ///   ``ErrorCode/vaultAuthenticationFailed`` for one that was altered, truncated,
    ///   extended or moved from another record; both name the record.
    public static func open(_ blob: [UInt8], privateKey: SecretBytes, binding: Binding) throws(VaultError) -> SecretBytes {
        guard blob.count >= overhead, Array(blob[0..<4]) == magic else {
            throw VaultError(.malformedBlob, "the sealed key is damaged (not a sealed blob)",
                             location: binding.description, facts: VaultStep.altered.facts())
        }
        guard blob[4] == version else {
            throw VaultError(.malformedBlob, "the sealed key has format version \(blob[4]); this spconnect reads version \(version)",
                             location: binding.description, facts: VaultStep.update.facts())
        }
        let ephemeralPublic = Array(blob[5..<37])
        let nonce = Array(blob[37..<49])
        let recipientPublic = try VaultError.crypto(X25519.publicKey(of: privateKey))
        let key: SecretBytes
        do {
            key = try derive(privateKey: privateKey, peer: ephemeralPublic, ephemeralPublic: ephemeralPublic, recipientPublic: recipientPublic)
        } catch {
            throw VaultError(.vaultAuthenticationFailed, "the sealed key does not authenticate", location: binding.description,
                             cause: .error(error))
        }
        guard let plain = try VaultError.crypto(AESGCM.open(blob[49...], key: key, nonce: nonce, aad: binding.associatedData)) else {
            throw VaultError(.vaultAuthenticationFailed, "the sealed key does not authenticate (altered, truncated, or moved from another record)",
                             location: binding.description, facts: VaultStep.altered.facts())
        }
        return plain
    }

    /// HKDF-SHA256(ikm = X25519 shared secret, salt = ephemeral public ‖ recipient public, info = "spconnect seal v1").
    private static func derive(privateKey: SecretBytes, peer: [UInt8], ephemeralPublic: [UInt8], recipientPublic: [UInt8]) throws(VaultError) -> SecretBytes {
        let shared = try VaultError.crypto(X25519.sharedSecret(privateKey: privateKey, peerPublicKey: peer))
        return try VaultError.crypto(KeyDerivation.hkdfSHA256(secret: shared, salt: ephemeralPublic + recipientPublic, info: info))
    }
}
