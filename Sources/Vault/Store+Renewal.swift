#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import OpenSSLSupport
import GRDB

extension Store {
    /// The binding of a renewal's new key while it is pending.
    static func pendingBinding(_ id: String) -> SecretSealer.Binding { .init(kind: "connection.pending", id: id) }
    /// The binding of the previous certificate's key, until it is retired.
    static func previousBinding(_ id: String) -> SecretSealer.Binding { .init(kind: "connection.previous", id: id) }

    /// Starts a renewal: stores the new certificate as the connection's pending one, its key
    /// sealed to the store's (pinned) public key, with its record MAC and an audit line, in
    /// one transaction. This happens before anything is sent anywhere.
    ///
    /// - Throws: ``VaultError/Code/invalidState`` when a renewal is already pending.
    public func beginRenewal(_ connectionID: String, certificate: Data, key: SecretBytes, now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        let publicKey = try sealingKey()
        let sealed = Data(try SecretSealer.seal(key, to: publicKey, binding: Self.pendingBinding(connectionID)))
        return try write { db in
            guard try Store.storedPublicKey(db) == publicKey else {
                throw VaultError(.conflict, "the store key was rotated while the renewal began; nothing was stored",
                                 location: self.location.databasePath, facts: VaultStep.retry.facts())
            }
            guard var record = try ConnectionRecord.fetchOne(db, key: connectionID) else {
                throw VaultError(.notFound, "no connection \(connectionID)", location: connectionID, facts: VaultStep.noConnection.facts())
            }
            guard record.pendingCertificate == nil else {
                throw VaultError(.invalidState, "connection \(record.name) already has a renewal under way", location: record.name, facts: VaultStep.unchanged.facts())
            }
            record.pendingCertificate = certificate
            record.pendingSealedKey = sealed
            record.pendingState = RenewalState.sealed.rawValue
            record.pendingKeyID = nil
            record.pendingSince = now
            record.pendingMAC = try Self.recordMAC(kind: "connection.pending", id: record.id, certificate: certificate, key: try self.recordMACKeyForWriting(db))
            record.updatedAt = now
            try record.update(db)
            try AuditEntry(action: "renewal.started", subject: record.name,
                           detail: "new certificate \(Self.thumbprint(of: certificate)) made, its key sealed", at: now).insert(db)
            return record
        }
    }

    /// Records how far a pending renewal got (`keyID`: Graph's answer to `addKey`), with an
    /// audit line. The pending certificate must still be `certificate` (another `renew` may
    /// have changed it meanwhile).
    public func advanceRenewal(_ connectionID: String, certificate: Data, to state: RenewalState, keyID: String? = nil,
                               detail: String, now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        try write { db in
            var record = try self.pendingRecord(db, connectionID, certificate)
            record.pendingState = state.rawValue
            if let keyID { record.pendingKeyID = keyID }
            record.updatedAt = now
            try record.update(db)
            try AuditEntry(action: "renewal.\(state.rawValue)", subject: record.name, detail: detail, at: now).insert(db)
            return record
        }
    }

    /// Drops a pending renewal (Graph refused its certificate), deleting its sealed key.
    public func abandonRenewal(_ connectionID: String, certificate: Data, reason: String, now: Date = Date()) throws(VaultError) {
        try secureWrite { db in
            var record = try self.pendingRecord(db, connectionID, certificate)
            Self.clearPending(&record)
            record.updatedAt = now
            try record.update(db)
            try AuditEntry(action: "renewal.abandoned", subject: record.name, detail: reason, at: now).insert(db)
        }
    }

    /// Makes the proved pending certificate the current one and the current one the previous:
    /// both keys sealed again under their new bindings, both MACs made anew, in one transaction.
    public func completeRenewal(_ connectionID: String, certificate: Data, newKey: SecretBytes, currentKey: SecretBytes,
                                thumbprintSHA1: String, thumbprintSHA256: String, notAfter: Date, now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        let publicKey = try sealingKey()
        let newSealed = Data(try SecretSealer.seal(newKey, to: publicKey, binding: Self.connectionBinding(connectionID)))
        let oldSealed = Data(try SecretSealer.seal(currentKey, to: publicKey, binding: Self.previousBinding(connectionID)))
        return try secureWrite { db in
            guard try Store.storedPublicKey(db) == publicKey else {
                throw VaultError(.conflict, "the store key was rotated while the renewal ran; run renew again",
                                 location: self.location.databasePath, facts: VaultStep.retry.facts())
            }
            var record = try self.pendingRecord(db, connectionID, certificate)
            let key = try self.recordMACKeyForWriting(db)
            let old = (certificate: record.certificate, thumbprint: record.thumbprintSHA1, keyID: record.keyID)
            record.previousCertificate = old.certificate
            record.previousSealedKey = oldSealed
            record.previousKeyID = old.keyID
            record.previousMAC = try Self.recordMAC(kind: "connection.previous", id: record.id, certificate: old.certificate, key: key)
            record.certificate = certificate
            record.sealedKey = newSealed
            record.thumbprintSHA1 = thumbprintSHA1
            record.thumbprintSHA256 = thumbprintSHA256
            record.notAfter = notAfter
            record.keyID = record.pendingKeyID
            record.mac = try Self.recordMAC(kind: "connection", id: record.id, certificate: certificate, key: key)
            Self.clearPending(&record)
            record.updatedAt = now
            try record.update(db)
            try AuditEntry(action: "renewal.completed", subject: record.name,
                           detail: "certificate \(thumbprintSHA1) is current (keyId \(record.keyID ?? "unknown")); \(old.thumbprint) is the previous one, still registered",
                           at: now).insert(db)
            return record
        }
    }

    /// What the admin's reply to a renewal request (`renew --via-admin`) gives the connection.
    public struct AdminRenewal: Sendable {
        /// The renewal request.
        public var requestID: String
        /// The app registration's Object ID, when the reply gives it and the connection has none.
        public var objectID: String?

        /// The reply's values for request `requestID`.
        public init(requestID: String, objectID: String?) {
            self.requestID = requestID
            self.objectID = objectID
        }
    }

    /// Imports the admin's reply to a renewal request into the connection it renews, as a
    /// Graph renewal stands after `addKey` and before its proof: the request's certificate
    /// becomes the connection's **pending** one in state ``RenewalState/added`` (its key sealed
    /// again under `connection.pending`, no keyId: nothing from Entra or Graph confirms one),
    /// and the current certificate stays current. The next `renew` proves the pending one and
    /// only then makes it current (``completeRenewal(_:certificate:newKey:currentKey:thumbprintSHA1:thumbprintSHA256:notAfter:now:)``).
    /// The request becomes `fulfilled` and drops its sealed copies. One transaction, with its audit line.
    ///
    /// - Parameters:
    ///   - newKey: the request's key (``UnlockedStore/key(of:)-(RequestRecord)``).
    ///   - expectedCurrent: the connection's current certificate as the caller read it.
    /// - Returns: the connection, and whether this call changed it (false: the request was
    ///   already imported into it, its certificate the connection's pending or current one).
    /// - Throws: ``VaultError/Code/invalidState`` when the request is not a pending renewal of
    ///   this connection, or when the connection still keeps a previous certificate or has a
    ///   renewal under way (nothing is dropped or replaced); ``VaultError/Code/conflict`` when the
    ///   connection's certificate changed meanwhile; ``VaultError/Code/recordAltered`` when the request's MAC is not its own.
    public func completeAdminRenewal(_ connectionID: String, _ values: AdminRenewal, expectedCurrent: Data, newKey: SecretBytes,
                                     now: Date = Date()) throws(VaultError) -> (connection: ConnectionRecord, changed: Bool) {
        let publicKey = try sealingKey()
        let pendingSealed = Data(try SecretSealer.seal(newKey, to: publicKey, binding: Self.pendingBinding(connectionID)))
        return try secureWrite { db in
            guard try Store.storedPublicKey(db) == publicKey else {
                throw VaultError(.conflict, "the store key was rotated while the reply was imported; run import again",
                                 location: self.location.databasePath, facts: VaultStep.retry.facts())
            }
            guard var request = try RequestRecord.fetchOne(db, key: values.requestID) else {
                throw VaultError(.notFound, "no request \(values.requestID)", location: values.requestID, facts: VaultStep.noRequest.facts())
            }
            guard var record = try ConnectionRecord.fetchOne(db, key: connectionID) else {
                throw VaultError(.notFound, "no connection \(connectionID)", location: connectionID, facts: VaultStep.noConnection.facts())
            }
            // Another import of this request finished first (several processes at once): the same result.
            if request.status == .fulfilled, request.renewsConnection == connectionID,
               record.pendingCertificate == request.certificate || record.certificate == request.certificate {
                return (record, false)
            }
            guard request.renewsConnection == connectionID, request.status.isPending, request.sealedKey != nil else {
                throw VaultError(.invalidState, "request \(request.id) is \(request.status.rawValue) and renews \(request.renewsConnection ?? "no connection")",
                                 location: request.id, facts: VaultStep.unchanged.facts())
            }
            let key = try self.recordMACKeyForWriting(db)
            _ = try self.recordMACState(kind: Self.macKind(of: request), id: request.id, record: "request \(request.id)", certificate: request.certificate,
                                        thumbprintSHA1: request.thumbprint, thumbprintSHA256: nil, mac: request.mac, key: key)
            guard record.certificate == expectedCurrent else {
                throw VaultError(.conflict, "the connection's certificate changed meanwhile (another renew or import ran?); nothing was changed",
                                 location: connectionID, facts: VaultStep.retry.facts())
            }
            if let previous = record.previousCertificate {
                throw VaultError(.invalidState, "connection \(record.name) still keeps its previous certificate \(Self.thumbprint(of: previous)); nothing was changed",
                                 location: record.name, facts: VaultStep.unchanged.facts())
            }
            if let pending = record.pendingCertificate {
                throw VaultError(.invalidState, "connection \(record.name) has a renewal under way (certificate \(Self.thumbprint(of: pending))); nothing was changed",
                                 location: record.name, facts: VaultStep.unchanged.facts())
            }
            record.pendingCertificate = request.certificate
            record.pendingSealedKey = pendingSealed
            record.pendingState = RenewalState.added.rawValue
            // Nothing Entra or Graph said names the certificate's keyId.
            record.pendingKeyID = nil
            record.pendingSince = now
            record.pendingMAC = try Self.recordMAC(kind: "connection.pending", id: record.id, certificate: request.certificate, key: key)
            if record.objectID == nil, let objectID = values.objectID { record.objectID = objectID }
            record.updatedAt = now
            try record.update(db)
            try request.markFulfilled(at: now, in: db)
            try AuditEntry(action: "renewal.imported", subject: record.name,
                           detail: "the admin's reply to request \(request.id) names certificate \(Self.thumbprint(of: request.certificate)); it is pending until renew proves it; \(record.thumbprintSHA1) stays current",
                           at: now).insert(db)
            return (record, true)
        }
    }

    /// Forgets the previous certificate (after Graph removed it), deleting its sealed key.
    public func retirePrevious(_ connectionID: String, certificate: Data, detail: String, now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        try secureWrite { db in
            guard var record = try ConnectionRecord.fetchOne(db, key: connectionID), record.previousCertificate == certificate else {
                throw VaultError(.conflict, "the connection's previous certificate changed meanwhile; nothing was changed",
                                 location: connectionID, facts: VaultStep.retry.facts())
            }
            record.previousCertificate = nil
            record.previousSealedKey = nil
            record.previousKeyID = nil
            record.previousMAC = nil
            record.updatedAt = now
            try record.update(db)
            try AuditEntry(action: "renewal.retired", subject: record.name, detail: detail, at: now).insert(db)
            return record
        }
    }

    private func pendingRecord(_ db: Database, _ connectionID: String, _ certificate: Data) throws -> ConnectionRecord {
        guard let record = try ConnectionRecord.fetchOne(db, key: connectionID), record.pendingCertificate == certificate else {
            throw VaultError(.conflict, "the connection's pending renewal changed meanwhile (another renew ran?); nothing was changed",
                             location: connectionID, facts: VaultStep.retry.facts())
        }
        return record
    }

    private static func clearPending(_ record: inout ConnectionRecord) {
        record.pendingCertificate = nil
        record.pendingSealedKey = nil
        record.pendingState = nil
        record.pendingKeyID = nil
        record.pendingMAC = nil
        record.pendingSince = nil
    }

    /// One write transaction with SQLite's `secure_delete` on, so that a dropped sealed key's
    /// bytes are overwritten in the file (``compact()`` also clears older copies).
    private func secureWrite<T>(_ body: @escaping (Database) throws -> T) throws(VaultError) -> T {
        do {
            return try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw Self.databaseError(error, location.databasePath)
        }
    }

    /// The SHA-1 thumbprint of a stored certificate's bytes, upper-case hex.
    public static func thumbprint(of certificate: Data) -> String {
        Hex.upper(SHA1.digest(Array(certificate)))
    }
}
