#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import OpenSSLSupport

/// Locks the store's X25519 private key under the passphrase: scrypt, then AES-256-GCM.
/// See <doc:SEALING>.
///
/// Blob: `"SPCK" | 0x02 | salt (16) | nonce (12) | ciphertext (32) | tag (16)` (81 bytes).
/// Version 2 binds the store's public key and the scrypt parameters as well as the store
/// ID into the associated data; version 1 (the store ID only) is still read, and replaced
/// by version 2 at the next `rekey`.
public enum StoreKeyLock {
    static let magic = Array("SPCK".utf8)
    static let version: UInt8 = 2
    static let versions: ClosedRange<UInt8> = 1...2
    static let saltSize = 16
    static let size = 4 + 1 + 16 + 12 + 32 + 16
    /// The unlock time the calibration aims for.
    public static let targetSeconds = 0.25

    /// Locks `privateKey` (whose public half is `publicKey`) under `passphrase`.
    public static func lock(_ privateKey: SecretBytes, publicKey: [UInt8], passphrase: SecretBytes, parameters: ScryptParameters,
                            storeID: String) throws(VaultError) -> [UInt8] {
        try lock(privateKey, publicKey: publicKey, passphrase: passphrase, parameters: parameters, storeID: storeID,
                 salt: VaultError.crypto(RandomBytes.make(saltSize)), nonce: VaultError.crypto(RandomBytes.make(AESGCM.nonceSize)))
    }

    /// Deterministic locking, for test vectors only.
    static func lock(_ privateKey: SecretBytes, publicKey: [UInt8], passphrase: SecretBytes, parameters: ScryptParameters, storeID: String,
                     salt: [UInt8], nonce: [UInt8], version: UInt8 = version) throws(VaultError) -> [UInt8] {
        let key = try scrypt(passphrase, salt: salt, parameters: parameters)
        let aad = associatedData(version: version, storeID: storeID, publicKey: publicKey, parameters: parameters)
        let sealed = try VaultError.crypto(AESGCM.seal(privateKey, key: key, nonce: nonce, aad: aad))
        return magic + [version] + salt + nonce + sealed
    }

    /// The format version of a locked key (1 or 2), nil when it is not one.
    static func formatVersion(_ blob: [UInt8]) -> UInt8? {
        guard blob.count == size, Array(blob[0..<4]) == magic, versions.contains(blob[4]) else { return nil }
        return blob[4]
    }

    /// Unlocks the store's private key.
    ///
    /// - Throws: ``ErrorCode/wrongPassphrase`` when the passphrase is wrong (or the
    ///   blob was altered: GCM cannot tell the two apart).
    public static func unlock(_ blob: [UInt8], passphrase: SecretBytes, parameters: ScryptParameters, storeID: String,
                              publicKey: [UInt8]) throws(VaultError) -> SecretBytes {
        guard let version = formatVersion(blob) else {
            throw VaultError(.malformedBlob, "the store's locked key is damaged", facts: VaultStep.restoreStore.facts())
        }
        guard parameters.isSane else {
            throw VaultError(.malformedBlob, "the store's scrypt parameters are out of bounds (logN \(parameters.logN), r \(parameters.r), p \(parameters.p))",
                             facts: VaultStep.restoreStore.facts())
        }
        let salt = Array(blob[5..<21])
        let nonce = Array(blob[21..<33])
        let key = try scrypt(passphrase, salt: salt, parameters: parameters)
        let aad = associatedData(version: version, storeID: storeID, publicKey: publicKey, parameters: parameters)
        guard let privateKey = try VaultError.crypto(AESGCM.open(blob[33...], key: key, nonce: nonce, aad: aad)) else {
            throw VaultError(.wrongPassphrase, "wrong passphrase")
        }
        return privateKey
    }

    /// scrypt of `passphrase` at the cost `parameters`, to a 32-byte key.
    static func scrypt(_ passphrase: SecretBytes, salt: [UInt8], parameters: ScryptParameters) throws(VaultError) -> SecretBytes {
        try VaultError.crypto(KeyDerivation.scrypt(passphrase: passphrase, salt: salt, logN: parameters.logN, r: parameters.r, p: parameters.p))
    }

    /// Picks the scrypt cost whose run time here is closest to ``targetSeconds``.
    public static func calibrate() throws(VaultError) -> ScryptParameters {
        let probe = ScryptParameters(logN: ScryptParameters.minimumLogN)
        let passphrase = SecretBytes(Array("calibration".utf8))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try scrypt(passphrase, salt: [UInt8](repeating: 0, count: saltSize), parameters: probe)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let steps = (log2(targetSeconds / max(seconds, 1e-4))).rounded()
        let logN = min(ScryptParameters.maximumLogN, max(ScryptParameters.minimumLogN, probe.logN + Int(steps)))
        return ScryptParameters(logN: logN)
    }

    /// v2: `"spconnect store key v2" 0x00 storeID 0x00 publicKey(32) logN r p` (one byte each);
    /// v1: `"spconnect store key v1" 0x00 storeID`.
    static func associatedData(version: UInt8, storeID: String, publicKey: [UInt8], parameters: ScryptParameters) -> [UInt8] {
        if version == 1 { return Array("spconnect store key v1".utf8) + [0] + Array(storeID.utf8) }
        return Array("spconnect store key v2".utf8) + [0] + Array(storeID.utf8) + [0] + publicKey
            + [UInt8(truncatingIfNeeded: parameters.logN), UInt8(truncatingIfNeeded: parameters.r), UInt8(truncatingIfNeeded: parameters.p)]
    }
}
