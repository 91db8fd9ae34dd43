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

/// The key of the record MACs, kept beside the store's pin, outside `store.sqlite`
/// (`<pin>.mac` in the pins folder, mode 0600, the same folder checks as the pin).
///
/// Every record's certificate is bound to its record by an HMAC-SHA256 under this key, so
/// a record whose certificate, thumbprints and sealed key were all replaced by someone who
/// can write `store.sqlite` (and so seal to the store's public key) is refused. The file is
/// binary (see `SEALING.md`):
///
/// ```
/// "SPCM" || 0x01 || legacy[1] || key[32] || store_id (UTF-8)
/// ```
///
/// `legacy` is 1 while the records made before record MACs existed still wait for their
/// first MAC (trust on first use, at the next checked unlock), else 0.
struct RecordMACKey: Sendable {
    /// The store the key belongs to.
    var storeID: String
    /// The 32 random bytes.
    var key: SecretBytes
    /// Whether records without a MAC are still accepted (until the next checked unlock MACs them).
    var legacyPending: Bool

    static let magic: [UInt8] = Array("SPCM".utf8) + [0x01]

    /// The key file of `location`: the pin's path with `.mac` appended.
    static func path(for location: StoreLocation) -> String { StorePin.path(for: location) + ".mac" }

    /// A new key of 32 random bytes (the one ``RandomBytes``).
    static func generate(storeID: String, legacyPending: Bool) throws(VaultError) -> RecordMACKey {
        var bytes = try VaultError.crypto(RandomBytes.make(32))
        defer { wipe(&bytes) }
        return RecordMACKey(storeID: storeID, key: SecretBytes(bytes), legacyPending: legacyPending)
    }

    /// Reads the key of `location`; nil when there is no key file.
    static func read(for location: StoreLocation) throws(VaultError) -> RecordMACKey? {
        let path = path(for: location)
        try StorePin.checkFolders(of: location)
        var bytes: [UInt8]
        do {
            guard let read = try FileBytes.readTrusted(path, limit: 256) else { return nil }
            bytes = read
        } catch {
            throw VaultError(.macKeyUnreadable, "the record MAC key cannot be read: \(error.detail)", location: path, cause: .error(error))
        }
        defer { wipe(&bytes) }
        let header = magic.count + 1 + 32
        guard bytes.count > header, Array(bytes.prefix(magic.count)) == magic, bytes[magic.count] <= 1 else {
            throw VaultError(.macKeyUnreadable, "not a spconnect record MAC key (\(bytes.count) bytes, no SPCM v1 header)", location: path)
        }
        let storeID = String(decoding: bytes[header...], as: UTF8.self)
        return RecordMACKey(storeID: storeID, key: SecretBytes(bytes[(magic.count + 1)..<header]), legacyPending: bytes[magic.count] == 1)
    }

    /// Writes the key file of `location` atomically (folders 0700, file 0600).
    func write(for location: StoreLocation) throws(VaultError) {
        let path = Self.path(for: location)
        try StorePin.checkFolders(of: location)
        var bytes = Self.magic + [legacyPending ? 1 : 0]
        key.withUnsafeBytes { bytes += $0 }
        bytes += Array(storeID.utf8)
        let file = SecretBytes(bytes)
        Self.wipe(&bytes)
        do {
            try Folders.make(location.pinFolder, mode: 0o700)
            try AtomicFileSet.writeFile(file, to: path, mode: 0o600, overwrite: true)
        } catch {
            throw VaultError(.macKeyUnreadable, "cannot write the record MAC key: \(error.detail)",
                             location: path, cause: .error(error), facts: VaultStep.macKeyNotWritable.facts([.path: location.pinFolder]))
        }
    }

    /// The MAC input of a record: each field as a 4-byte big-endian length and its bytes,
    /// in this order: the label `spconnect record mac v1`, the kind (`request` or
    /// `connection`), the record ID, the certificate's SHA-1 (20 bytes) and SHA-256 (32 bytes).
    static func input(kind: String, id: String, sha1: [UInt8], sha256: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for field in [Array("spconnect record mac v1".utf8), Array(kind.utf8), Array(id.utf8), sha1, sha256] {
            let n = UInt32(field.count)
            out += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + field
        }
        return out
    }

    /// The MAC of a record whose certificate (DER) has these digests.
    func mac(kind: String, id: String, sha1: [UInt8], sha256: [UInt8]) throws(VaultError) -> Data {
        Data(try VaultError.crypto(HMACSHA256.mac(key: key, message: Self.input(kind: kind, id: id, sha1: sha1, sha256: sha256))))
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
