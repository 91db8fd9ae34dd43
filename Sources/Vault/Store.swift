#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import OpenSSLSupport
import Common
import OpenSSLSupport
import GRDB
import Domain

/// The encrypted store: one SQLite file holding requests, connections and the audit log,
/// with every private key sealed to the store's X25519 public key.
///
/// Adding secrets needs only the public key; reading one needs ``unlock(passphrase:)``.
/// See <doc:SEALING> for the formats.
public final class Store: Sendable {
    let database: DatabaseQueue
    /// Where the store lives.
    public let location: StoreLocation
    /// A random ID bound into the locked store key.
    public let id: String
    /// The X25519 public key every secret is sealed to.
    public let publicKey: [UInt8]

    private init(database: DatabaseQueue, location: StoreLocation) throws(VaultError) {
        self.database = database
        self.location = location
        do {
            let meta = try database.read { db in
                try Row.fetchAll(db, sql: "SELECT key, value FROM meta").reduce(into: [String: Data]()) { $0[$1["key"]] = $1["value"] }
            }
            guard let id = meta["store_id"], let publicKey = meta["public_key"], publicKey.count == X25519.keySize else {
                throw VaultError(.storeUnreadable, "the store has no key", location: location.databasePath, facts: VaultStep.restoreStore.facts())
            }
            self.id = String(decoding: id, as: UTF8.self)
            self.publicKey = Array(publicKey)
        } catch let error as VaultError {
            throw error
        } catch {
            throw Self.databaseError(error, location.databasePath)
        }
    }

    /// Whether a store exists at `location`.
    public static func exists(at location: StoreLocation) -> Bool {
        access(location.databasePath, F_OK) == 0
    }

    /// Creates the home folder (0700) and a new store (0600), atomically: the database is
    /// built in full under a temporary name and then linked into place, so an interrupted
    /// `init` leaves no half store.
    ///
    /// - Parameter parameters: the scrypt cost; calibrated to about 250 ms when nil.
    public static func create(at location: StoreLocation, passphrase: SecretBytes, parameters: ScryptParameters? = nil) throws(VaultError) -> Store {
        try makeHome(location)
        do {
            try FileTrust.checkFolder(location.home)
        } catch {
            throw VaultError(.vaultUntrusted, error.detail, location: error.location, cause: .error(error))
        }
        if exists(at: location) {
            throw VaultError(.storeExists, "a store already exists", location: location.databasePath, facts: VaultStep.initExists.facts())
        }
        try StorePin.checkFolders(of: location)
        removeStaleTemporaries(location)
        let cost: ScryptParameters
        if let parameters { cost = parameters } else { cost = try StoreKeyLock.calibrate() }
        let temporary = location.home + "/.store.sqlite.init-" + Hex.upper(try VaultError.crypto(RandomBytes.make(6)))
        defer { unlink(temporary) }
        var createdPin: StorePin?
        do {
            let storeID = try RequestID.generate()
            let keys = try VaultError.crypto(X25519.generate())
            let locked = try StoreKeyLock.lock(keys.privateKey, publicKey: keys.publicKey, passphrase: passphrase, parameters: cost, storeID: storeID)
            createdPin = StorePin(storeID: storeID, keyFingerprint: StorePin.fingerprint(keys.publicKey))
            let encodedParameters = try JSONEncoder().encode(cost)
            var configuration = Configuration()
            configuration.journalMode = .default
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try StoreSchema.migrator.migrate(queue)
            // WAL is a property of the file: set once here, it holds for every later open.
            // (GRDB's own WAL set-up writes to the file at every open, so it is not used.)
            try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            try queue.write { db in
                for (key, value) in [("store_id", Data(storeID.utf8)), ("public_key", Data(keys.publicKey)),
                                     ("locked_private_key", Data(locked)), ("kdf", encodedParameters),
                                     ("created_at", Data(ISO8601.string(Date()).utf8))] {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                try AuditEntry(action: "init", subject: storeID, detail: "scrypt logN \(cost.logN) r \(cost.r) p \(cost.p)").insert(db)
            }
            try queue.close()
        } catch let error as VaultError {
            throw error
        } catch {
            throw databaseError(error, temporary)
        }
        guard chmod(temporary, 0o600) == 0 else {
            throw VaultError(.storeUnreadable, "cannot make the new store private (chmod 600): \(String(cString: strerror(errno)))", location: temporary)
        }
        syncFile(temporary)
        guard link(temporary, location.databasePath) == 0 else {
            if errno == EEXIST {
                throw VaultError(.storeExists, "a store already exists", location: location.databasePath, facts: VaultStep.unchanged.facts())
            }
            throw VaultError(.storeUnreadable, "cannot create the store: \(String(cString: strerror(errno)))", location: location.databasePath)
        }
        unlink(temporary)
        syncFile(location.home)
        do {
            try createdPin?.write(for: location)
            // The record MAC key is made with the pin (a store made now has no record from before).
            if let createdPin { try RecordMACKey.generate(storeID: createdPin.storeID, legacyPending: false).write(for: location) }
        } catch {
            // A store without its pin could seal nothing: take the new store back out, so a
            // failed init leaves nothing (the pin is written after the link, never over the
            // pin of a store that was already there).
            unlink(location.databasePath)
            syncFile(location.home)
            throw error
        }
        return try open(at: location)
    }

    /// Opens an existing store (and applies any migration this version adds).
    public static func open(at location: StoreLocation) throws(VaultError) -> Store {
        guard exists(at: location) else {
            throw VaultError(.storeMissing, "no store here yet", location: location.home)
        }
        try checkTrust(location)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let queue = try DatabaseQueue(path: location.databasePath, configuration: configuration)
            let migrator = StoreSchema.migrator
            let (superseded, complete) = try queue.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
            if superseded {
                throw VaultError(.schemaTooNew, "the store was written by a newer spconnect", location: location.databasePath)
            }
            // Only a store that lacks a migration is written to; opening one never changes it.
            if !complete {
                do {
                    try migrator.migrate(queue)
                } catch {
                    // Several processes opening a store that lacks a migration race to apply it;
                    // the ones that lose find it applied, which is all they needed.
                    guard try queue.read({ db in try migrator.hasCompletedMigrations(db) }) else { throw error }
                }
            }
            return try Store(database: queue, location: location)
        } catch let error as VaultError {
            throw error
        } catch {
            throw databaseError(error, location.databasePath)
        }
    }

    /// Opens the store, running `init` first when there is none (for `request`), with the
    /// same scrypt cost rules as `init` (`parameters`, else calibrated).
    public static func openOrCreate(at location: StoreLocation, parameters: ScryptParameters? = nil,
                                    passphrase: () throws(SpconnectError) -> SecretBytes) throws(SpconnectError) -> (store: Store, created: Bool) {
        if exists(at: location) { return (try open(at: location), false) }
        return (try create(at: location, passphrase: try passphrase(), parameters: parameters), true)
    }

    /// Refuses a home folder or store file that is not the user's alone to write: owned by
    /// someone else, or writable by group or others (see ``FileTrust``).
    static func checkTrust(_ location: StoreLocation) throws(VaultError) {
        do throws(CommonError) {
            try FileTrust.checkFolder(location.home)
            let fd = Glibc.open(location.databasePath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 {
                if errno == ELOOP {
                    throw CommonError(.untrusted, "is a symbolic link; spconnect opens only the store file itself", location: location.databasePath,
                                      facts: .step(.storeLink, path: location.databasePath))
                }
                return
            }
            defer { close(fd) }
            try FileTrust.check(descriptor: fd, path: location.databasePath, privacy: .notWritableByOthers)
        } catch {
            throw VaultError(.vaultUntrusted, error.detail, location: error.location, cause: .error(error))
        }
    }

    /// The reason the store may not be unlocked because its folder or file is open to
    /// group or others, with the `chmod` that fixes it; nil when both are private.
    public func permissionProblem() -> VaultError? {
        var problems: [String] = []
        var fixes: [String] = []
        for (path, mode) in [(location.home, "700"), (location.databasePath, "600")] {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                problems.append("\(path) is readable or writable by others (mode \(String(info.st_mode & 0o777, radix: 8)))")
                fixes.append("chmod \(mode) '\(path)'")
            }
        }
        guard !problems.isEmpty else { return nil }
        return VaultError(.storeTooOpen, problems.joined(separator: "; "), facts: ErrorFacts(values: [.fix: fixes.joined(separator: " && ")]))
    }

    /// Unlocks the store's private key with the passphrase (about 250 ms by design), after
    /// checking the public key against its pin, and checks that the private key makes it.
    /// (A version 2 lock binds the public key: with a swapped key and no pin, the unlock
    /// fails as a wrong passphrase would.) When there is no pin yet, this is what writes
    /// one: only after the passphrase opened the private key and that key made the stored
    /// public key, so a failed unlock never pins a key.
    public func unlock(passphrase: SecretBytes) throws(VaultError) -> UnlockedStore {
        if let problem = permissionProblem() { throw problem }
        let pinned = try checkPin()
        let (blob, parameters) = try lockedKey()
        let privateKey = try StoreKeyLock.unlock(blob, passphrase: passphrase, parameters: parameters, storeID: id, publicKey: publicKey)
        let derived = try VaultError.crypto(X25519.publicKey(of: privateKey))
        guard derived == publicKey else {
            throw VaultError(.storeKeyChanged,
                             "the store's public key (fingerprint \(StorePin.fingerprint(publicKey).prefix(16))…) is not the one its private key makes (\(StorePin.fingerprint(derived).prefix(16))…): store.sqlite was altered outside spconnect, and keys sealed since may be readable by someone else",
                             location: location.databasePath, facts: VaultStep.keyMismatch.facts())
        }
        if !pinned {
            try StorePin(storeID: id, keyFingerprint: StorePin.fingerprint(publicKey)).write(for: location)
        }
        return UnlockedStore(store: self, privateKey: privateKey)
    }

    /// The public key to seal to, after checking it against the pin outside store.sqlite.
    ///
    /// - Throws: ``ErrorCode/pinMissing`` when there is no pin (a store older than
    ///   pins, or the config folder lost): only an unlock may pin a key, so nothing is
    ///   sealed until a command that unlocks the store has run once.
    public func sealingKey() throws(VaultError) -> [UInt8] {
        guard try checkPin() else {
            throw VaultError(.pinMissing,
                             "the store's public key is not pinned (\(StorePin.path(for: location)) is missing), so spconnect cannot tell whether store.sqlite was altered; nothing was sealed",
                             location: location.databasePath)
        }
        return publicKey
    }

    /// Checks the store's ID and public key against the pin. Never writes a pin for a key
    /// it has not checked (see ``unlock(passphrase:)``); it does settle a pin a rekey left
    /// with two keys (`resolveRekeyPin(_:)`).
    ///
    /// - Returns: false when there is no pin; true when the pin accepts the key.
    /// - Throws: ``ErrorCode/storeKeyChanged`` when they differ.
    @discardableResult
    public func checkPin() throws(VaultError) -> Bool {
        guard var pin = try StorePin.read(for: location) else { return false }
        if pin.nextFingerprint != nil { pin = try resolveRekeyPin(pin) }
        guard pin.accepts(publicKey, storeID: id) else {
            if let current = try currentPublicKey(), current != publicKey, pin.accepts(current, storeID: id) {
                throw VaultError(.conflict, "the store key was rotated while this command ran; nothing was sealed",
                                 location: location.databasePath, facts: VaultStep.retry.facts())
            }
            let path = StorePin.path(for: location)
            throw VaultError(.storeKeyChanged,
                             "store.sqlite holds store \(id) with key fingerprint \(StorePin.fingerprint(publicKey).prefix(16))…, but store \(pin.storeID) with key \(pin.keyFingerprint.prefix(16))… is pinned for this home (\(path)): the store file was changed or replaced outside spconnect; nothing was sealed",
                             location: location.databasePath, facts: VaultStep.pinMismatch.facts([.path: path]))
        }
        return true
    }

    /// Settles a pin that still names the key a rekey moved to (`next`): a rekey that
    /// crashed after its commit, or whose transaction failed. Inside a write transaction
    /// (rekey writes its two-key pin inside its own, so the two cannot interleave): if the
    /// store holds the `next` key, only it stays pinned; if it holds the old one, `next` is
    /// dropped. A store holding neither keeps the pin as it is (and is refused).
    func resolveRekeyPin(_ pin: StorePin) throws(VaultError) -> StorePin {
        try write { db in
            guard let current = try Self.storedPublicKey(db), pin.storeID == self.id else { return pin }
            let print = StorePin.fingerprint(Array(current))
            let settled: StorePin
            if print == pin.nextFingerprint {
                settled = StorePin(storeID: pin.storeID, keyFingerprint: print)
            } else if print == pin.keyFingerprint {
                settled = StorePin(storeID: pin.storeID, keyFingerprint: pin.keyFingerprint)
            } else {
                return pin
            }
            try settled.write(for: self.location)
            return settled
        }
    }

    /// `meta.public_key` as it is now (this object keeps the one read at open).
    func currentPublicKey() throws(VaultError) -> [UInt8]? {
        try read { db in try Self.storedPublicKey(db) }
    }

    /// The public key `meta` holds now, read inside the caller's transaction.
    static func storedPublicKey(_ db: Database) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'public_key'").map(Array.init)
    }

    /// Rotates the store key: a new X25519 key pair, every sealed blob opened with the old
    /// private key and sealed again to the new public key, and the new private key locked
    /// under `new`, all in one transaction. An old copy of the store opens nothing sealed
    /// after this, with either passphrase. The pin accepts both keys while the transaction
    /// runs, and only the new one after it (see `resolveRekeyPin(_:)`).
    ///
    /// - Returns: how many sealed blobs were resealed. This object keeps the old public
    ///   key: open the store again before sealing anything else.
    @discardableResult
    public func rekey(current: SecretBytes, new: SecretBytes, parameters: ScryptParameters? = nil) throws(VaultError) -> Int {
        try rekey(unlocked: try unlock(passphrase: current), new: new, parameters: parameters)
    }

    /// ``rekey(current:new:parameters:)`` for a store the caller has already unlocked (one
    /// scrypt run, not two).
    public func rekey(unlocked: UnlockedStore, new: SecretBytes, parameters: ScryptParameters? = nil) throws(VaultError) -> Int {
        let cost: ScryptParameters
        if let parameters { cost = parameters } else { cost = try StoreKeyLock.calibrate() }
        let keys = try VaultError.crypto(X25519.generate())
        let locked = try StoreKeyLock.lock(keys.privateKey, publicKey: keys.publicKey, passphrase: new, parameters: cost, storeID: id)
        let oldFingerprint = StorePin.fingerprint(publicKey)
        let newFingerprint = StorePin.fingerprint(keys.publicKey)
        let oldPublicKey = publicKey
        let resealed: Int = try write { db in
            guard try Self.storedPublicKey(db) == oldPublicKey else {
                throw VaultError(.conflict, "the store key changed while this rekey ran", location: self.location.databasePath, facts: VaultStep.rekeyRace.facts())
            }
            // Both keys are accepted from here until the pin below; written under the write
            // lock, so a ``resolveRekeyPin(_:)`` elsewhere runs wholly before or after this.
            // A crash or a failed transaction leaves `next`, which the next check settles.
            try StorePin(storeID: self.id, keyFingerprint: oldFingerprint, nextFingerprint: newFingerprint).write(for: self.location)
            var count = 0
            func reseal(_ blob: Data?, _ binding: SecretSealer.Binding) throws -> Data? {
                guard let blob else { return nil }
                let secret = try SecretSealer.open(Array(blob), privateKey: unlocked.privateKey, binding: binding)
                count += 1
                return Data(try SecretSealer.seal(secret, to: keys.publicKey, binding: binding))
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, sealedKey, sealedConnectionKey FROM requests WHERE sealedKey IS NOT NULL OR sealedConnectionKey IS NOT NULL") {
                let id: String = row["id"]
                try db.execute(sql: "UPDATE requests SET sealedKey = ?, sealedConnectionKey = ? WHERE id = ?",
                               arguments: [try reseal(row["sealedKey"], Self.requestBinding(id)), try reseal(row["sealedConnectionKey"], Self.connectionBinding(id)), id])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, sealedKey, previousSealedKey, pendingSealedKey FROM connections") {
                let id: String = row["id"]
                try db.execute(sql: "UPDATE connections SET sealedKey = ?, previousSealedKey = ?, pendingSealedKey = ? WHERE id = ?",
                               arguments: [try reseal(row["sealedKey"], Self.connectionBinding(id)), try reseal(row["previousSealedKey"], Self.previousBinding(id)),
                                           try reseal(row["pendingSealedKey"], Self.pendingBinding(id)), id])
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'public_key'", arguments: [Data(keys.publicKey)])
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'locked_private_key'", arguments: [Data(locked)])
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'kdf'", arguments: [try JSONEncoder().encode(cost)])
            try AuditEntry(action: "store.rekeyed", subject: self.id,
                           detail: "new key \(newFingerprint.prefix(16)), \(count) sealed keys resealed, scrypt logN \(cost.logN)").insert(db)
            return count
        }
        try StorePin(storeID: id, keyFingerprint: newFingerprint).write(for: location)
        return resealed
    }

    /// The scrypt cost stored with the locked key.
    public func scryptParameters() throws(VaultError) -> ScryptParameters { try lockedKey().1 }

    private func lockedKey() throws(VaultError) -> ([UInt8], ScryptParameters) {
        let values: (Data?, Data?) = try read { db in
            (try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'locked_private_key'"),
             try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'kdf'"))
        }
        guard let blob = values.0, let kdf = values.1,
              let parameters = try? JSONDecoder().decode(ScryptParameters.self, from: kdf) else {
            throw VaultError(.storeUnreadable, "the store's locked key is missing", location: location.databasePath, facts: VaultStep.restoreStore.facts())
        }
        return (Array(blob), parameters)
    }

    /// Runs `body` in one write transaction.
    func write<T>(_ body: (Database) throws -> T) throws(VaultError) -> T {
        do {
            return try database.write(body)
        } catch let error as VaultError {
            throw error
        } catch {
            throw Self.databaseError(error, location.databasePath)
        }
    }

    /// Runs `body` in one read transaction.
    func read<T>(_ body: (Database) throws -> T) throws(VaultError) -> T {
        do {
            return try database.read(body)
        } catch let error as VaultError {
            throw error
        } catch {
            throw Self.databaseError(error, location.databasePath)
        }
    }

    /// Runs `PRAGMA integrity_check` and returns its verdict (`ok` when sound).
    public func integrityCheck() throws(VaultError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// What keeps the audit log append-only and is missing or changed: the two triggers
    /// that refuse an UPDATE or DELETE of a line. Empty when the log is protected.
    public func auditProtectionProblems() throws(VaultError) -> [String] {
        try read { db in
            var problems: [String] = []
            for (name, event) in [("audit_no_update", "UPDATE"), ("audit_no_delete", "DELETE")] {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = 'audit'", arguments: [name])
                let flat = sql.map { $0.uppercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ") }
                if let flat, flat.contains("BEFORE \(event) ON AUDIT"), flat.contains("RAISE(ABORT") { continue }
                problems.append(sql == nil ? "trigger \(name) is missing: audit lines can be \(event == "UPDATE" ? "changed" : "deleted")"
                                           : "trigger \(name) was changed: it no longer refuses every \(event)")
            }
            return problems
        }
    }

    /// The audit log, oldest first.
    public func auditLog() throws(VaultError) -> [AuditEntry] {
        try read { db in try AuditEntry.order(Column("id")).fetchAll(db) }
    }

    static func databaseError(_ error: any Error, _ path: String) -> VaultError {
        if let unknown = error as? UnknownChoice {
            return VaultError(.unknownValue,
                              "a record holds the \(unknown.kind) '\(ServerText.shown(unknown.text, limit: 64))', which this spconnect does not know (it knows \(unknown.known.joined(separator: ", ")))",
                              location: path)
        }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                return VaultError(.storeUnreadable, "not a spconnect store, or damaged (\(error.message ?? "corrupt"))",
                                  location: path, facts: VaultStep.notAStore.facts())
            }
            if error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_PERM || error.resultCode == .SQLITE_READONLY {
                return VaultError(.storeUnreadable, "cannot open the store (\(error.message ?? "\(error.resultCode)"))",
                                  location: path, facts: VaultStep.cannotOpen.facts())
            }
            return VaultError(.database, error.message ?? "\(error.resultCode)", location: path)
        }
        return VaultError(.database, "\(error)", location: path)
    }

    private static func makeHome(_ location: StoreLocation) throws(VaultError) {
        do {
            try Folders.make(location.home, mode: 0o700)
        } catch {
            throw VaultError(.storeUnreadable, error.detail, location: error.location, cause: .error(error), facts: VaultStep.homeUnusable.facts())
        }
        // A folder that is not the user's cannot be made private; the trust check that
        // follows names it and the fix.
        _ = chmod(location.home, 0o700)
    }

    private static func removeStaleTemporaries(_ location: StoreLocation) {
        guard let folder = opendir(location.home) else { return }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".store.sqlite.init-") { unlink(location.home + "/" + name) }
        }
    }

    private static func syncFile(_ path: String) {
        let fd = Glibc.open(path, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
