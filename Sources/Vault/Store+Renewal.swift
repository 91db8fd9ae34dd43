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
        /// The new certificate's SHA-256 fingerprint (colon-separated hex, as the connection keeps it).
        public var thumbprintSHA256: String
        /// The `keyId` the request's scripts give the certificate on the app.
        public var keyID: String?

        /// The reply's values for request `requestID`.
        public init(requestID: String, objectID: String?, thumbprintSHA256: String, keyID: String?) {
            self.requestID = requestID
            self.objectID = objectID
            self.thumbprintSHA256 = thumbprintSHA256
            self.keyID = keyID
        }
    }

    /// Imports the admin's reply to a renewal request into the connection it renews, as a
    /// Graph renewal ends (``completeRenewal(_:certificate:newKey:currentKey:thumbprintSHA1:thumbprintSHA256:notAfter:now:)``):
    /// the request's certificate becomes current (its key sealed again for the connection),
    /// the current one the previous (its key sealed again under `connection.previous`), both
    /// MACs made anew; the request becomes `fulfilled` and drops its sealed copies. One
    /// transaction, with its audit lines. A previous certificate still kept is replaced (it
    /// stays registered on the app until someone removes it; the audit line names it).
    ///
    /// - Parameters:
    ///   - newKey: the request's key (``UnlockedStore/key(of:)-(RequestRecord)``).
    ///   - currentKey: the connection's current key (``UnlockedStore/key(of:)-(ConnectionRecord)``).
    /// - Throws: ``VaultError/Code/invalidState`` when the request is not a pending renewal of
    ///   this connection; ``VaultError/Code/conflict`` when the request or the connection's
    ///   certificate changed meanwhile; ``VaultError/Code/recordAltered`` when the request's MAC is not its own.
    public func completeAdminRenewal(_ connectionID: String, _ values: AdminRenewal, expectedCurrent: Data, newKey: SecretBytes,
                                     currentKey: SecretBytes, now: Date = Date()) throws(VaultError) -> ConnectionRecord {
        let publicKey = try sealingKey()
        let newSealed = Data(try SecretSealer.seal(newKey, to: publicKey, binding: Self.connectionBinding(connectionID)))
        let oldSealed = Data(try SecretSealer.seal(currentKey, to: publicKey, binding: Self.previousBinding(connectionID)))
        return try secureWrite { db in
            guard try Store.storedPublicKey(db) == publicKey else {
                throw VaultError(.conflict, "the store key was rotated while the reply was imported; run import again",
                                 location: self.location.databasePath, facts: VaultStep.retry.facts())
            }
            guard var request = try RequestRecord.fetchOne(db, key: values.requestID) else {
                throw VaultError(.notFound, "no request \(values.requestID)", location: values.requestID, facts: VaultStep.noRequest.facts())
            }
            guard request.renewsConnection == connectionID, request.status.isPending, request.sealedKey != nil else {
                throw VaultError(.invalidState, "request \(request.id) is \(request.status.rawValue) and renews \(request.renewsConnection ?? "no connection")",
                                 location: request.id, facts: VaultStep.unchanged.facts())
            }
            let key = try self.recordMACKeyForWriting(db)
            _ = try self.recordMACState(kind: Self.macKind(of: request), id: request.id, record: "request \(request.id)", certificate: request.certificate,
                                        thumbprintSHA1: request.thumbprint, thumbprintSHA256: nil, mac: request.mac, key: key)
            guard var record = try ConnectionRecord.fetchOne(db, key: connectionID), record.certificate == expectedCurrent else {
                throw VaultError(.conflict, "the connection's certificate changed meanwhile (another renew or import ran?); nothing was changed",
                                 location: connectionID, facts: VaultStep.retry.facts())
            }
            let old = (certificate: record.certificate, thumbprint: record.thumbprintSHA1, keyID: record.keyID)
            let dropped = record.previousCertificate.map(Self.thumbprint(of:))
            record.previousCertificate = old.certificate
            record.previousSealedKey = oldSealed
            record.previousKeyID = old.keyID
            record.previousMAC = try Self.recordMAC(kind: "connection.previous", id: record.id, certificate: old.certificate, key: key)
            record.certificate = request.certificate
            record.sealedKey = newSealed
            record.thumbprintSHA1 = request.thumbprint.uppercased()
            record.thumbprintSHA256 = values.thumbprintSHA256
            record.notAfter = request.notAfter
            // The keyId the admin's scripts give the certificate (derived from it): a reply names none.
            record.keyID = values.keyID
            if record.objectID == nil, let objectID = values.objectID { record.objectID = objectID }
            record.mac = try Self.recordMAC(kind: "connection", id: record.id, certificate: record.certificate, key: key)
            record.updatedAt = now
            try record.update(db)
            request.status = .fulfilled
            request.sealedKey = nil
            request.sealedConnectionKey = nil
            request.updatedAt = now
            try request.update(db)
            try AuditEntry(action: "renewal.imported", subject: record.name,
                           detail: "the admin added certificate \(record.thumbprintSHA1) (request \(request.id)); it is current; \(old.thumbprint) is the previous one, still registered"
                               + (dropped.map { "; the earlier previous certificate \($0) was dropped from the store (it stays registered until removed)" } ?? ""),
                           at: now).insert(db)
            return record
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
