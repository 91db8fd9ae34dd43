#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import GRDB
import Domain

extension Store {
    /// The corrections `connection set` makes; a nil member is left as it is.
    public struct ConnectionChange: Sendable, Equatable {
        /// The Directory (tenant) ID: a GUID or a domain.
        public var tenantID: String?
        /// The tenant's domain: `.some(nil)` clears it.
        public var tenantDomain: String??
        /// The Application (client) ID.
        public var clientID: String?
        /// The sites, replacing the connection's.
        public var sites: [String]?
        /// The app registration's Object ID (what `renew` needs).
        public var objectID: String?

        /// A change of the members given; the others stay as they are.

        public init(tenantID: String? = nil, tenantDomain: String?? = nil, clientID: String? = nil, sites: [String]? = nil) {
            self.tenantID = tenantID
            self.tenantDomain = tenantDomain
            self.clientID = clientID
            self.sites = sites
        }
    }

    /// The pending requests (drafted, sent or failed) for this tenant and app name, oldest
    /// first: their IDs and statuses only, read without their certificates or keys.
    public func pendingRequests(tenant: String, appName: String) throws(VaultError) -> [(id: String, status: RequestRecord.Status)] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, status FROM requests
                WHERE status IN ('drafted', 'sent', 'failed') AND lower(tenant) = lower(?) AND appName = ?
                ORDER BY createdAt
                """, arguments: [tenant, appName])
            return rows.compactMap { row in
                let id: String = row[0]
                let status: String = row[1]
                return RequestRecord.Status(rawValue: status).map { (id, $0) }
            }
        }
    }

    /// Replaces a pending request's recipients (`send --admin/--cc`), with its audit line.
    public func setRecipients(_ id: String, admins: [String], cc: [String], at now: Date = Date()) throws(VaultError) -> RequestRecord {
        let canonical = RequestID.normalize(id) ?? id
        return try write { db in
            guard var record = try RequestRecord.fetchOne(db, key: canonical) else {
                throw VaultError(.notFound, "no request \(id)", location: id, facts: VaultStep.noRequest.facts())
            }
            guard record.status.isPending else {
                throw VaultError(.invalidState, "request \(record.id) is \(record.status.rawValue); its recipients can no longer change",
                                 location: record.id, facts: VaultStep.unchanged.facts())
            }
            let before = "to \(record.admins.joined(separator: ", "))" + (record.cc.isEmpty ? "" : ", cc \(record.cc.joined(separator: ", "))")
            record.admins = admins
            record.cc = cc
            record.updatedAt = now
            try record.update(db)
            let after = "to \(admins.joined(separator: ", "))" + (cc.isEmpty ? "" : ", cc \(cc.joined(separator: ", "))")
            try AuditEntry(action: "request.recipients", subject: record.id, detail: "\(before) → \(after)", at: now).insert(db)
            return record
        }
    }

    /// Removes a request that was never delivered, with its sealed keys (when `request` could
    /// not make its email after the key was made), with its audit line.
    public func discardRequest(_ id: String, reason: String, at now: Date = Date()) throws(VaultError) {
        try write { db in
            guard let record = try RequestRecord.fetchOne(db, key: id), record.status == .drafted, record.sentAt == nil else {
                throw VaultError(.invalidState, "request \(id) cannot be discarded", location: id)
            }
            try record.delete(db)
            try AuditEntry(action: "request.discarded", subject: id, detail: reason, at: now).insert(db)
        }
    }

    /// Gives a connection a new name, with its audit line. The sealed key is bound to the
    /// connection's ID, not its name, so it is untouched.
    public func renameConnection(_ nameOrID: String, to newName: String, at now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        try updateConnection(nameOrID, at: now) { record, db in
            if record.name == newName {
                throw VaultError(.conflict, "the connection is already named \(newName)", location: newName, facts: VaultStep.unchanged.facts())
            }
            if try ConnectionRecord.filter(Column("name") == newName).fetchCount(db) > 0 {
                throw VaultError(.conflict, "a connection named \(newName) already exists", location: newName, facts: VaultStep.renameTaken.facts())
            }
            let old = record.name
            record.name = newName
            return ("connection.renamed", "from \(old)")
        }
    }

    /// Corrects a connection's IDs or sites, with an audit line naming each old and new value.
    public func changeConnection(_ nameOrID: String, _ change: ConnectionChange, at now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        try updateConnection(nameOrID, at: now) { record, _ in
            var changes: [String] = []
            if let tenantID = change.tenantID, tenantID != record.tenantID {
                changes.append("tenant \(record.tenantID) → \(tenantID)")
                record.tenantID = tenantID
            }
            if let domain = change.tenantDomain, domain != record.tenantDomain {
                changes.append("tenant domain \(record.tenantDomain ?? "(none)") → \(domain ?? "(none)")")
                record.tenantDomain = domain
            }
            if let clientID = change.clientID, clientID != record.clientID {
                changes.append("client \(record.clientID) → \(clientID)")
                record.clientID = clientID
            }
            if let objectID = change.objectID, objectID != record.objectID {
                changes.append("object \(record.objectID ?? "(none)") → \(objectID)")
                record.objectID = objectID
            }
            if let sites = change.sites, sites != record.sites {
                changes.append("sites \(record.sites.joined(separator: " ")) → \(sites.joined(separator: " "))")
                record.sites = sites
            }
            guard !changes.isEmpty else {
                throw VaultError(.conflict, "connection \(record.name) already has these values", location: record.name, facts: VaultStep.unchanged.facts())
            }
            return ("connection.changed", changes.joined(separator: "; "))
        }
    }

    /// Changes one connection in one write transaction: `body` edits the record and names the
    /// audit line's action and detail; the record and its audit line are then written together.
    private func updateConnection(_ nameOrID: String, at now: Date,
                                  _ body: (inout ConnectionRecord, Database) throws -> (action: String, detail: String)) throws(VaultError) -> ConnectionRecord {
        let current = try connection(nameOrID)
        return try write { db in
            guard var record = try ConnectionRecord.fetchOne(db, key: current.id) else {
                throw VaultError(.notFound, "no connection \(nameOrID)", location: nameOrID, facts: VaultStep.noConnection.facts())
            }
            let (action, detail) = try body(&record, db)
            record.updatedAt = now
            try record.update(db)
            try AuditEntry(action: action, subject: record.name, detail: detail, at: now).insert(db)
            return record
        }
    }

    /// Deletes a connection and its sealed key, with its audit line, in one transaction;
    /// SQLite's `secure_delete` overwrites the deleted row. Earlier copies of the key may still
    /// sit in free pages: ``compact()`` removes them.
    public func deleteConnection(_ nameOrID: String, at now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        let current = try connection(nameOrID)
        do {
            return try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
                var deleted: ConnectionRecord?
                try db.inTransaction {
                    guard let record = try ConnectionRecord.fetchOne(db, key: current.id) else {
                        throw VaultError(.notFound, "no connection \(nameOrID)", location: nameOrID, facts: VaultStep.noConnection.facts())
                    }
                    try record.delete(db)
                    try AuditEntry(action: "connection.deleted", subject: record.name,
                                   detail: "request \(record.requestID ?? record.id), client \(record.clientID), thumbprint \(record.thumbprintSHA1); sealed key removed",
                                   at: now).insert(db)
                    deleted = record
                    return .commit
                }
                return deleted ?? current
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw Self.databaseError(error, location.databasePath)
        }
    }

    /// Rebuilds the file (`VACUUM`) and empties the write-ahead log (a truncating checkpoint),
    /// so that nothing deleted, such as earlier versions of a row and the request's copy of a
    /// key cleared at import, stays in free pages or in the log.
    public func compact() throws(VaultError) {
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw Self.databaseError(error, location.databasePath)
        }
    }
}
