#if canImport(Glibc)
import Glibc
#endif
import Common
import OpenSSLSupport

/// The store's public key, pinned outside `store.sqlite`: a small file in the user's
/// config folder (`$XDG_CONFIG_HOME/spconnect/pins/`, else `~/.config/spconnect/pins/`),
/// one per home folder, mode 0600, written by `init` and `rekey`.
///
/// Every command that seals checks the store's public key against it first, and every
/// unlock checks it too, so a change of the store file alone (a sync tool, a restored
/// backup, malware) cannot make spconnect seal a new key to someone else. See <doc:SEALING>.
///
/// ```
/// spconnect store pin v1
/// store SPC-XXXX-XXXX
/// home /home/dana/.local/share/spconnect
/// key <SHA-256 of the 32-byte public key, hex>
/// next <the same, of the key a rekey in progress moves to>      (only during a rekey)
/// ```
public struct StorePin: Sendable, Equatable {
    /// The store ID pinned.
    public var storeID: String
    /// The SHA-256 of the public key, lower-case hex.
    public var keyFingerprint: String
    /// During a rekey: the fingerprint of the new key, accepted too.
    public var nextFingerprint: String?

    /// The fingerprint of an X25519 public key: SHA-256, lower-case hex.
    public static func fingerprint(_ publicKey: [UInt8]) -> String { SHA256.hex(publicKey) }

    /// The pin file of `location`.
    public static func path(for location: StoreLocation) -> String {
        location.pinFolder + "/" + String(SHA256.hex(Array(canonical(location.home).utf8)).prefix(32))
    }

    /// Reads the pin of `location`; nil when there is none.
    static func read(for location: StoreLocation) throws(VaultError) -> StorePin? {
        let path = path(for: location)
        try checkFolders(of: location)
        let bytes: [UInt8]?
        do {
            bytes = try FileBytes.readTrusted(path, limit: 4096)
        } catch {
            throw VaultError(.pinUnreadable, error.detail, location: error.location, cause: .error(error))
        }
        guard let bytes else { return nil }
        var fields: [String: String] = [:]
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.first == "spconnect store pin v1" else {
            throw VaultError(.pinUnreadable, "\(path) is not a spconnect store pin", location: path, facts: VaultStep.damagedPin.facts())
        }
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " ") else { continue }
            fields[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let store = fields["store"], let key = fields["key"] else {
            throw VaultError(.pinUnreadable, "\(path) lacks its store or key line", location: path, facts: VaultStep.damagedPin.facts())
        }
        return StorePin(storeID: store, keyFingerprint: key, nextFingerprint: fields["next"])
    }

    /// Writes the pin of `location` atomically (folders 0700, file 0600).
    func write(for location: StoreLocation) throws(VaultError) {
        let path = Self.path(for: location)
        try Self.checkFolders(of: location)
        var text = "spconnect store pin v1\nstore \(storeID)\nhome \(Self.canonical(location.home))\nkey \(keyFingerprint)\n"
        if let nextFingerprint { text += "next \(nextFingerprint)\n" }
        do {
            try Folders.make(location.pinFolder, mode: 0o700)
            try AtomicFileSet.writeFile(Array(text.utf8), to: path, mode: 0o600, overwrite: true)
        } catch {
            throw VaultError(.pinUnreadable, "cannot pin the store key: \(error.reason)",
                             location: path, cause: .error(error), facts: VaultStep.pinNotWritable.facts([.path: location.pinFolder]))
        }
    }

    /// Refuses a pin folder that is not absolute (no home folder to keep it in), or that,
    /// or its parent (`spconnect/`), is not the user's alone to write.
    static func checkFolders(of location: StoreLocation) throws(VaultError) {
        let folder = location.pinFolder
        guard folder.hasPrefix("/") else {
            throw VaultError(.pinUnreadable, "there is no home folder to keep the store's pin in (HOME is unset and the account has none)",
                             location: folder, facts: VaultStep.noHome.facts())
        }
        let parent = folder.lastIndex(of: "/").map { String(folder[..<$0]) } ?? ""
        do {
            if !parent.isEmpty { try FileTrust.checkFolder(parent) }
            try FileTrust.checkFolder(folder)
        } catch {
            throw VaultError(.pinUnreadable, error.detail, location: error.location, cause: .error(error))
        }
    }

    /// Whether this pin accepts `publicKey` for the store `storeID`.
    func accepts(_ publicKey: [UInt8], storeID: String) -> Bool {
        let print = Self.fingerprint(publicKey)
        return storeID == self.storeID && (print == keyFingerprint || print == nextFingerprint)
    }

    /// The home folder's real path (links resolved), so one store has one pin however it is named.
    static func canonical(_ home: String) -> String {
        guard let resolved = realpath(home, nil) else { return home }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
