#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Common
import GRDB

/// The encrypted store: one SQLite file holding requests, connections and the audit log,
/// with every private key sealed to the store's X25519 public key.
///
/// Adding secrets needs only the public key; reading one needs ``unlock(passphrase:)``.
/// See `SEALING.md` for the formats.
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
                throw VaultError(.storeUnreadable, "the store has no key", hint: "restore store.sqlite from a backup", location: location.databasePath)
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
        if exists(at: location) {
            throw VaultError(.storeExists, "a store already exists", hint: "nothing was changed; use it, or choose another --home", location: location.databasePath)
        }
        removeStaleTemporaries(location)
        let cost: ScryptParameters
        if let parameters { cost = parameters } else { cost = try StoreKeyLock.calibrate() }
        let temporary = location.home + "/.store.sqlite.init-" + Hex.upper(try SecretSealer.randomBytes(6))
        defer { unlink(temporary) }
        do {
            let storeID = try RequestID.generate()
            let keys = try X25519.generate()
            let locked = try StoreKeyLock.lock(keys.privateKey, passphrase: passphrase, parameters: cost, storeID: storeID)
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
        chmod(temporary, 0o600)
        syncFile(temporary)
        guard link(temporary, location.databasePath) == 0 else {
            if errno == EEXIST {
                throw VaultError(.storeExists, "a store already exists", hint: "nothing was changed", location: location.databasePath)
            }
            throw VaultError(.storeUnreadable, "cannot create the store: \(String(cString: strerror(errno)))", location: location.databasePath)
        }
        unlink(temporary)
        syncFile(location.home)
        return try open(at: location)
    }

    /// Opens an existing store (and applies any migration this version adds).
    public static func open(at location: StoreLocation) throws(VaultError) -> Store {
        guard exists(at: location) else {
            throw VaultError(.storeMissing, "no store here yet", hint: "run: spconnect init", location: location.home)
        }
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
                throw VaultError(.schemaTooNew, "the store was written by a newer spconnect", hint: "update spconnect", location: location.databasePath)
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

    /// Opens the store, running `init` first when there is none (for `request`).
    public static func openOrCreate(at location: StoreLocation, passphrase: () throws -> SecretBytes) throws -> (store: Store, created: Bool) {
        if exists(at: location) { return (try open(at: location), false) }
        return (try create(at: location, passphrase: try passphrase()), true)
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
        return VaultError(.storeTooOpen, problems.joined(separator: "; "), hint: "run: " + fixes.joined(separator: " && "))
    }

    /// Unlocks the store's private key with the passphrase (about 250 ms by design).
    public func unlock(passphrase: SecretBytes) throws(VaultError) -> UnlockedStore {
        if let problem = permissionProblem() { throw problem }
        let (blob, parameters) = try lockedKey()
        let privateKey = try StoreKeyLock.unlock(blob, passphrase: passphrase, parameters: parameters, storeID: id)
        return UnlockedStore(store: self, privateKey: privateKey)
    }

    /// Re-locks the store's private key under a new passphrase; nothing else changes.
    public func changePassphrase(current: SecretBytes, new: SecretBytes, parameters: ScryptParameters? = nil) throws(VaultError) {
        let unlocked = try unlock(passphrase: current)
        let cost: ScryptParameters
        if let parameters { cost = parameters } else { cost = try StoreKeyLock.calibrate() }
        let locked = try StoreKeyLock.lock(unlocked.privateKey, passphrase: new, parameters: cost, storeID: id)
        try write { db in
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'locked_private_key'", arguments: [Data(locked)])
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'kdf'", arguments: [try JSONEncoder().encode(cost)])
            try AuditEntry(action: "passphrase.changed", subject: self.id, detail: "scrypt logN \(cost.logN)").insert(db)
        }
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
            throw VaultError(.storeUnreadable, "the store's locked key is missing", hint: "restore store.sqlite from a backup", location: location.databasePath)
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

    /// The audit log, oldest first.
    public func auditLog() throws(VaultError) -> [AuditEntry] {
        try read { db in try AuditEntry.order(Column("id")).fetchAll(db) }
    }

    static func databaseError(_ error: any Error, _ path: String) -> VaultError {
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                return VaultError(.storeUnreadable, "not a spconnect store, or damaged (\(error.message ?? "corrupt"))",
                                  hint: "restore it from a backup", location: path)
            }
            if error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_PERM || error.resultCode == .SQLITE_READONLY {
                return VaultError(.storeUnreadable, "cannot open the store (\(error.message ?? "\(error.resultCode)"))",
                                  hint: "check the folder's owner and permissions", location: path)
            }
            return VaultError(.database, error.message ?? "\(error.resultCode)", location: path)
        }
        return VaultError(.database, "\(error)", location: path)
    }

    private static func makeHome(_ location: StoreLocation) throws(VaultError) {
        do {
            try Folders.make(location.home, mode: 0o700)
        } catch {
            throw VaultError(.storeUnreadable, error.detail, hint: "choose another --home or SPCONNECT_HOME", location: error.location)
        }
        chmod(location.home, 0o700)
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
