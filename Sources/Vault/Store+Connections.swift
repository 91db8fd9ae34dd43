#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import GRDB
import Domain

extension Store {
    /// The values an admin's reply supplies for a request.
    public struct Fulfilment: Sendable {
        public var name: String
        public var tenantID: String
        public var tenantDomain: String?
        public var clientID: String
        /// The app registration's Object ID, when the reply gives it.
        public var objectID: String?

        public init(name: String, tenantID: String, tenantDomain: String?, clientID: String, objectID: String? = nil) {
            self.name = name
            self.tenantID = tenantID
            self.tenantDomain = tenantDomain
            self.clientID = clientID
            self.objectID = objectID
        }
    }

    /// Turns a pending request into a connection, in one transaction: the connection is
    /// created with the key already sealed for it, the request becomes `fulfilled` and
    /// drops its own sealed copy, and an audit line is written. Needs no passphrase. The
    /// request's record MAC is checked first (``checkRecordMAC(of:)-(RequestRecord)``) and the
    /// connection gets its own.
    public func fulfil(_ requestID: String, with values: Fulfilment, thumbprintSHA256: String, now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        let canonical = RequestID.normalize(requestID) ?? requestID
        return try write { db in
            guard var request = try RequestRecord.fetchOne(db, key: canonical) else {
                throw VaultError(.notFound, "no request \(requestID)", location: requestID)
            }
            if request.status == .fulfilled, let existing = try ConnectionRecord.fetchOne(db, key: request.id) {
                throw VaultError(.conflict, "request \(request.id) is already fulfilled by connection \(existing.name)",
                                 location: request.id, facts: VaultStep.fulfilled.facts([.record: existing.name]))
            }
            guard request.status.isPending, let sealed = request.sealedConnectionKey else {
                throw VaultError(.invalidState, "request \(request.id) is \(request.status.rawValue)", location: request.id, facts: VaultStep.unchanged.facts())
            }
            guard request.renewsConnection == nil else {
                throw VaultError(.invalidState, "request \(request.id) renews connection \(request.renewsConnection ?? ""); its reply goes into that connection, not a new one",
                                 location: request.id, facts: VaultStep.unchanged.facts())
            }
            // The request's certificate must be the one spconnect stored with it: a pair sealed
            // to the store's public key by someone who can write store.sqlite is refused here.
            let key = try self.recordMACKey()
            _ = try self.recordMACState(kind: Self.macKind(of: request), id: request.id, record: "request \(request.id)", certificate: request.certificate,
                                        thumbprintSHA1: request.thumbprint, thumbprintSHA256: nil, mac: request.mac, key: key,
                                        comparingThumbprints: false)  // the MAC covers the certificate; `import` compared its thumbprint
            if try ConnectionRecord.filter(Column("name") == values.name).fetchCount(db) > 0 {
                throw VaultError(.conflict, "a connection named \(values.name) already exists", location: values.name, facts: VaultStep.nameTaken.facts())
            }
            var connection = ConnectionRecord(
                id: request.id, name: values.name, tenantID: values.tenantID, tenantDomain: values.tenantDomain,
                clientID: values.clientID, cloud: request.cloud, sites: request.sites, permission: request.permission,
                siteRole: request.siteRole, appName: request.appName, certificate: request.certificate, sealedKey: sealed,
                thumbprintSHA1: request.thumbprint, thumbprintSHA256: thumbprintSHA256, notAfter: request.notAfter,
                requestID: request.id, objectID: values.objectID, now: now)
            connection.mac = try Self.recordMAC(kind: "connection", id: connection.id, certificate: connection.certificate,
                                                key: try key ?? self.recordMACKeyForWriting(db))
            try connection.insert(db)
            try request.markFulfilled(at: now, in: db)
            try AuditEntry(action: "connection.created", subject: values.name,
                           detail: "request \(request.id), tenant \(values.tenantID), client \(values.clientID)"
                               + (values.objectID.map { ", object \($0)" } ?? ""), at: now).insert(db)
            return connection
        }
    }

    /// Every connection, whole (certificate and sealed key included), by name. Listings
    /// that need no key read ``connectionListings(expiringWithin:now:)`` instead.
    public func connections() throws(VaultError) -> [ConnectionRecord] {
        try read { db in try ConnectionRecord.order(Column("name")).fetchAll(db) }
    }

    /// The non-secret listing of every connection, by name; with `expiringWithin`, only
    /// those whose certificate ends within that many days from `now` (expired ones included).
    public func connectionListings(expiringWithin days: Int? = nil, now: Date = Date()) throws(VaultError) -> [ConnectionListing] {
        try read { db in
            var sql = "SELECT \(ConnectionListing.columns) FROM connections"
            var arguments: StatementArguments = []
            if let days {
                sql += " WHERE notAfter <= ?"
                arguments = [now.addingTimeInterval(TimeInterval(days) * 86_400)]
            }
            // A cursor reads each row in place; no row is copied.
            var listings: [ConnectionListing] = []
            let rows = try Row.fetchCursor(db, sql: sql + " ORDER BY name", arguments: arguments)
            while let row = try rows.next() { listings.append(try ConnectionListing(row: row)) }
            return listings
        }
    }

    /// The connection with this name (or its request ID).
    public func connection(_ nameOrID: String) throws(VaultError) -> ConnectionRecord {
        let id = RequestID.normalize(nameOrID, requiringPrefix: true)
        let found = try read { db in
            try ConnectionRecord.filter(Column("name") == nameOrID).fetchOne(db)
                ?? (id.map { try ConnectionRecord.fetchOne(db, key: $0) } ?? nil)
        }
        guard let found else {
            throw VaultError(.notFound, "no connection \(nameOrID)", location: nameOrID, facts: VaultStep.noConnection.facts())
        }
        return found
    }

    /// Writes an audit line on its own (for reads of secrets such as `export`).
    public func audit(_ action: String, subject: String, detail: String = "") throws(VaultError) {
        try write { db in try AuditEntry(action: action, subject: subject, detail: detail).insert(db) }
    }
}
