#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common

/// Locks the store's X25519 private key under the passphrase: scrypt, then AES-256-GCM.
/// See `SEALING.md`.
///
/// Blob: `"SPCK" | 0x01 | salt (16) | nonce (12) | ciphertext (32) | tag (16)` (81 bytes).
public enum StoreKeyLock {
    static let magic = Array("SPCK".utf8)
    static let version: UInt8 = 1
    static let saltSize = 16
    static let size = 4 + 1 + 16 + 12 + 32 + 16
    /// The unlock time the calibration aims for.
    public static let targetSeconds = 0.25

    /// Locks `privateKey` under `passphrase`.
    public static func lock(_ privateKey: SecretBytes, passphrase: SecretBytes, parameters: ScryptParameters, storeID: String) throws(VaultError) -> [UInt8] {
        try lock(privateKey, passphrase: passphrase, parameters: parameters, storeID: storeID,
                 salt: SecretSealer.randomBytes(saltSize), nonce: SecretSealer.randomBytes(AESGCM.nonceSize))
    }

    /// Deterministic locking, for test vectors only.
    static func lock(_ privateKey: SecretBytes, passphrase: SecretBytes, parameters: ScryptParameters, storeID: String,
                     salt: [UInt8], nonce: [UInt8]) throws(VaultError) -> [UInt8] {
        let key = try KeyDerivation.scrypt(passphrase: passphrase, salt: salt, parameters: parameters)
        let sealed = try AESGCM.seal(privateKey, key: key, nonce: nonce, aad: associatedData(storeID))
        return magic + [version] + salt + nonce + sealed
    }

    /// Unlocks the store's private key.
    ///
    /// - Throws: ``VaultError/Code/wrongPassphrase`` when the passphrase is wrong (or the
    ///   blob was altered: GCM cannot tell the two apart).
    public static func unlock(_ blob: [UInt8], passphrase: SecretBytes, parameters: ScryptParameters, storeID: String) throws(VaultError) -> SecretBytes {
        guard blob.count == size, Array(blob[0..<4]) == magic, blob[4] == version else {
            throw VaultError(.malformedBlob, "the store's locked key is damaged", hint: "restore store.sqlite from a backup")
        }
        guard parameters.isSane else {
            throw VaultError(.malformedBlob, "the store's scrypt parameters are out of bounds (logN \(parameters.logN), r \(parameters.r), p \(parameters.p))",
                             hint: "restore store.sqlite from a backup")
        }
        let salt = Array(blob[5..<21])
        let nonce = Array(blob[21..<33])
        let key = try KeyDerivation.scrypt(passphrase: passphrase, salt: salt, parameters: parameters)
        guard let privateKey = try AESGCM.open(blob[33...], key: key, nonce: nonce, aad: associatedData(storeID)) else {
            throw VaultError(.wrongPassphrase, "wrong passphrase",
                             hint: "check SPCONNECT_PASSPHRASE_FILE / SPCONNECT_PASSPHRASE, or type it again")
        }
        return privateKey
    }

    /// Picks the scrypt cost whose run time here is closest to ``targetSeconds``.
    public static func calibrate() throws(VaultError) -> ScryptParameters {
        let probe = ScryptParameters(logN: ScryptParameters.minimumLogN)
        let passphrase = SecretBytes(Array("calibration".utf8))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try KeyDerivation.scrypt(passphrase: passphrase, salt: [UInt8](repeating: 0, count: saltSize), parameters: probe)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let steps = (log2(targetSeconds / max(seconds, 1e-4))).rounded()
        let logN = min(ScryptParameters.maximumLogN, max(ScryptParameters.minimumLogN, probe.logN + Int(steps)))
        return ScryptParameters(logN: logN)
    }

    /// `"spconnect store key v1" 0x00 storeID`.
    static func associatedData(_ storeID: String) -> [UInt8] {
        Array("spconnect store key v1".utf8) + [0] + Array(storeID.utf8)
    }
}
