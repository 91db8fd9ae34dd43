#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import GRDB
import Domain

extension Store {
    /// The binding of a request's sealed key.
    static func requestBinding(_ id: String) -> SecretSealer.Binding { .init(kind: "request", id: id) }
    /// The binding of a connection's sealed key (its ID is the request's).
    static func connectionBinding(_ id: String) -> SecretSealer.Binding { .init(kind: "connection", id: id) }

    /// Stores a new request with its private key sealed twice to the store's public key:
    /// once for the request, once for the connection it will become (so `import` needs
    /// no passphrase). One transaction, with its audit line. The public key is checked
    /// against its pin first (``sealingKey()``): nothing is sealed to a key that was swapped.
    /// Inside the transaction the key is compared with `meta.public_key` again, so a request
    /// that raced a rekey never stores a blob sealed to the retired key.
    @discardableResult
    public func addRequest(_ request: RequestRecord, privateKey: SecretBytes) throws(VaultError) -> RequestRecord {
        try insertRequest(request, privateKey: privateKey, sealedTo: try sealingKey())
    }

    /// The transaction of ``addRequest(_:privateKey:)``, with the key the blobs are sealed to.
    func insertRequest(_ request: RequestRecord, privateKey: SecretBytes, sealedTo publicKey: [UInt8]) throws(VaultError) -> RequestRecord {
        var record = request
        record.sealedKey = Data(try SecretSealer.seal(privateKey, to: publicKey, binding: Self.requestBinding(request.id)))
        record.sealedConnectionKey = Data(try SecretSealer.seal(privateKey, to: publicKey, binding: Self.connectionBinding(request.id)))
        let unmaced = record
        let stored: RequestRecord = try write { db in
            // The same check rekey makes: a rekey that committed since the pin check would
            // not reseal this row, and the retired key's blob would outlive the rotation.
            guard try Store.storedPublicKey(db) == publicKey else {
                throw VaultError(.conflict, "the store key was rotated while this request was made; nothing was stored",
                                 location: self.location.databasePath, facts: VaultStep.retry.facts())
            }
            var stored = unmaced
            stored.mac = try Self.recordMAC(kind: Self.macKind(of: stored), id: stored.id, certificate: stored.certificate, key: try self.recordMACKeyForWriting(db))
            try stored.insert(db)
            try AuditEntry(action: "request.created", subject: stored.id,
                           detail: "tenant \(stored.tenant), app \(stored.appName), thumbprint \(stored.thumbprint)").insert(db)
            return stored
        }
        return stored
    }

    /// Every request, newest first.
    public func requests() throws(VaultError) -> [RequestRecord] {
        try read { db in try RequestRecord.order(Column("createdAt").desc).fetchAll(db) }
    }

    /// The request with this ID (any spelling `RequestID.normalize` accepts).
    public func request(_ id: String) throws(VaultError) -> RequestRecord {
        let canonical = RequestID.normalize(id) ?? id
        guard let record = try read({ db in try RequestRecord.fetchOne(db, key: canonical) }) else {
            throw VaultError(.notFound, "no request \(id)", location: id, facts: VaultStep.noRequest.facts())
        }
        return record
    }

    /// Records a delivery attempt's outcome.
    public func recordDelivery(_ id: String, status: RequestRecord.Status, messageID: String?, error: String?, at now: Date = Date()) throws(VaultError) {
        try write { db in
            guard var record = try RequestRecord.fetchOne(db, key: id) else {
                throw VaultError(.notFound, "no request \(id)", location: id)
            }
            record.status = status
            record.messageID = messageID ?? record.messageID
            record.lastError = error
            record.updatedAt = now
            if status == .sent { record.sentAt = now }
            try record.update(db)
            try AuditEntry(action: "request.\(status.rawValue)", subject: id, detail: error ?? (messageID ?? "")).insert(db)
        }
    }

    /// Records that the requester sent the request's draft from their own mail program
    /// (`send --mark-sent`): a pending request becomes `sent`, with its audit line (`by hand`).
    /// A request already `sent` is left as it is (`changed` is false); a cancelled or
    /// fulfilled one is refused.
    public func markSentByHand(_ id: String, at now: Date = Date()) throws(VaultError) -> (record: RequestRecord, changed: Bool) {
        let canonical = RequestID.normalize(id) ?? id
        return try write { db in
            guard var record = try RequestRecord.fetchOne(db, key: canonical) else {
                throw VaultError(.notFound, "no request \(id)", location: id, facts: VaultStep.noRequest.facts())
            }
            guard record.status.isPending else {
                throw VaultError(.invalidState, "request \(record.id) is \(record.status.rawValue); it cannot be marked sent",
                                 location: record.id, facts: (record.status == .fulfilled ? VaultStep.sentFulfilled : .markedCancelled).facts())
            }
            if record.status == .sent { return (record, false) }
            record.status = .sent
            record.lastError = nil
            record.updatedAt = now
            record.sentAt = now
            try record.update(db)
            try AuditEntry(action: "request.sent", subject: record.id, detail: "by hand", at: now).insert(db)
            return (record, true)
        }
    }

    /// Cancels a pending request and drops its sealed keys.
    public func cancelRequest(_ id: String) throws(VaultError) -> RequestRecord {
        let canonical = RequestID.normalize(id) ?? id
        return try write { db in
            guard var record = try RequestRecord.fetchOne(db, key: canonical) else {
                throw VaultError(.notFound, "no request \(id)", location: id)
            }
            guard record.status.isPending else {
                throw VaultError(.invalidState, "request \(record.id) is \(record.status.rawValue); only a pending request can be cancelled",
                                 location: record.id, facts: (record.status == .fulfilled ? VaultStep.connectionStays : .unchanged).facts())
            }
            record.status = .cancelled
            record.sealedKey = nil
            record.sealedConnectionKey = nil
            record.updatedAt = Date()
            try record.update(db)
            try AuditEntry(action: "request.cancelled", subject: record.id).insert(db)
            return record
        }
    }
}
