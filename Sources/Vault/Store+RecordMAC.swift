#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import OpenSSLSupport
import GRDB

extension Store {
    /// What one record's MAC check found, when it did not refuse the record.
    enum RecordMACState: Equatable {
        /// The MAC is the record's.
        case valid
        /// The record predates record MACs and waits for its first (see `SEALING.md`).
        case legacy
    }

    /// The request with this ID, after checking its record MAC (``checkRecordMAC(of:)-(RequestRecord)``):
    /// what `instructions` and `send` read, so they never hand an admin a certificate that
    /// was put into the record outside spconnect.
    public func verifiedRequest(_ id: String) throws(VaultError) -> RequestRecord {
        let record = try request(id)
        try checkRecordMAC(of: record)
        return record
    }

    /// Checks a request's record MAC: the HMAC, under the key beside the pin, of its kind,
    /// ID and certificate digests. A request made before record MACs is accepted until the
    /// next checked unlock gives it one (trust on first use).
    ///
    /// - Throws: ``VaultError/Code/recordAltered`` when the MAC is wrong, missing though it
    ///   must be there, or the record's thumbprint is not its certificate's;
    ///   ``VaultError/Code/macKeyMissing`` or ``VaultError/Code/macKeyUnreadable`` when the key
    ///   file is gone or unreadable.
    public func checkRecordMAC(of request: RequestRecord) throws(VaultError) {
        _ = try recordMACState(kind: Self.macKind(of: request), id: request.id, record: "request \(request.id)", certificate: request.certificate,
                               thumbprintSHA1: request.thumbprint, thumbprintSHA256: nil,
                               mac: request.mac == nil ? try storedMAC("requests", request.id, request.certificate) : request.mac, key: try recordMACKey())
    }

    /// The MAC the store holds now for a record read before an unlock gave it its first
    /// (the record in hand is older than the row), when the row still has that certificate.
    private func storedMAC(_ table: String, _ id: String, _ certificate: Data) throws(VaultError) -> Data? {
        try read { db in try Data.fetchOne(db, sql: "SELECT mac FROM \(table) WHERE id = ? AND certificate = ?", arguments: [id, certificate]) }
    }

    /// Checks a connection's record MAC, as ``checkRecordMAC(of:)-(RequestRecord)`` does a request's
    /// (its SHA-256 thumbprint included).
    public func checkRecordMAC(of connection: ConnectionRecord) throws(VaultError) {
        var current = connection
        if current.mac == nil { current.mac = try storedMAC("connections", connection.id, connection.certificate) }
        _ = try recordMACState(current, key: try recordMACKey())
    }

    /// Every record whose MAC is missing or wrong (or cannot be checked), one error each:
    /// what the integrity check reports. Records that still wait for their first MAC are
    /// listed too (``VaultError/Code/recordMACPending``).
    public func recordMACProblems() throws(VaultError) -> [VaultError] {
        let (requests, connections) = try read { db in (try RequestRecord.fetchAll(db), try ConnectionRecord.fetchAll(db)) }
        let key: RecordMACKey?
        do {
            key = try recordMACKey()
        } catch {
            return [error]
        }
        var problems: [VaultError] = []
        var checks: [(String, () throws(VaultError) -> RecordMACState)] = []
        for request in requests {
            checks.append(("request \(request.id)", { () throws(VaultError) -> RecordMACState in
                try self.recordMACState(kind: Self.macKind(of: request), id: request.id, record: "request \(request.id)", certificate: request.certificate,
                                        thumbprintSHA1: request.thumbprint, thumbprintSHA256: nil, mac: request.mac, key: key)
            }))
        }
        for connection in connections {
            checks.append((Self.label(connection), { () throws(VaultError) -> RecordMACState in try self.recordMACState(connection, key: key) }))
            for (kind, certificate, mac) in [("connection.previous", connection.previousCertificate, connection.previousMAC),
                                             ("connection.pending", connection.pendingCertificate, connection.pendingMAC)] {
                guard let certificate else { continue }
                let record = Self.label(connection) + ", its \(kind == "connection.pending" ? "pending" : "previous") certificate"
                checks.append((record, { () throws(VaultError) -> RecordMACState in
                    try self.historyMACState(kind: kind, connection: connection, certificate: certificate, mac: mac, record: record, key: key)
                }))
            }
        }
        for (record, check) in checks {
            do {
                if try check() == .legacy {
                    problems.append(VaultError(.recordMACPending, "no record MAC yet (made before record MACs; it gets one at the next unlock that checks records)", location: record))
                }
            } catch {
                problems.append(error)
            }
        }
        return problems
    }

    /// Checks the record MAC of a connection's previous or pending certificate (`kind`
    /// `connection.previous` or `connection.pending`): spconnect makes them with the MAC key
    /// only, so one is never missing.
    func checkHistoryMAC(kind: String, connection: ConnectionRecord, certificate: Data, mac: Data?, record: String) throws(VaultError) {
        _ = try historyMACState(kind: kind, connection: connection, certificate: certificate, mac: mac, record: record, key: try recordMACKey())
    }

    private func historyMACState(kind: String, connection: ConnectionRecord, certificate: Data, mac: Data?, record: String,
                                 key: RecordMACKey?) throws(VaultError) -> RecordMACState {
        guard let mac else {
            throw VaultError(.recordAltered, "no record MAC, though spconnect gives every certificate of a renewal one: it was added outside spconnect",
                             location: record, facts: VaultStep.alteredConnection.facts([.record: connection.id]))
        }
        guard key != nil else { throw macKeyMissing("\(record) has a MAC") }
        let thumbprint = Self.thumbprint(of: certificate)
        return try recordMACState(kind: kind, id: connection.id, record: record, certificate: certificate, thumbprintSHA1: thumbprint,
                                  thumbprintSHA256: nil, mac: mac, key: key)
    }

    /// The kind a request's record MAC is made for: `request`, or for a renewal request
    /// `request.renewal:CONNECTION-ID`, so that the MAC also covers which connection it renews.
    public static func macKind(of request: RequestRecord) -> String {
        request.renewsConnection.map { "request.renewal:\($0)" } ?? "request"
    }

    static func label(_ connection: ConnectionRecord) -> String { "connection \(connection.name) (\(connection.id))" }

    func recordMACState(_ connection: ConnectionRecord, key: RecordMACKey?) throws(VaultError) -> RecordMACState {
        try recordMACState(kind: "connection", id: connection.id, record: Self.label(connection), certificate: connection.certificate,
                           thumbprintSHA1: connection.thumbprintSHA1, thumbprintSHA256: connection.thumbprintSHA256, mac: connection.mac, key: key)
    }

    /// The MAC key beside the pin; nil when there is none. A key file of another store is refused.
    func recordMACKey() throws(VaultError) -> RecordMACKey? {
        guard let key = try RecordMACKey.read(for: location) else { return nil }
        guard key.storeID == id else {
            throw VaultError(.macKeyUnreadable, "this record MAC key is store \(key.storeID)'s, but store.sqlite holds store \(id)",
                             location: RecordMACKey.path(for: location), facts: VaultStep.macKeyOfAnotherStore.facts())
        }
        return key
    }

    /// The key new MACs are made with, read inside the caller's write transaction (so two
    /// processes never make two keys). When there is none and no record has a MAC yet (a
    /// store made before record MACs), a new one is made, still accepting the records from
    /// before (`legacy` pending) until the next checked unlock MACs them.
    func recordMACKeyForWriting(_ db: Database) throws -> RecordMACKey {
        if let key = try recordMACKey() { return key }
        let maced = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM requests WHERE mac IS NOT NULL) + (SELECT count(*) FROM connections WHERE mac IS NOT NULL)") ?? 0
        guard maced == 0 else { throw macKeyMissing("\(maced) records have a MAC") }
        let key = try RecordMACKey.generate(storeID: id, legacyPending: true)
        try key.write(for: location)
        return key
    }

    /// The MAC a record with this certificate gets.
    static func recordMAC(kind: String, id: String, certificate: Data, key: RecordMACKey) throws(VaultError) -> Data {
        let prints = digests(of: certificate)
        return try key.mac(kind: kind, id: id, sha1: prints.sha1, sha256: prints.sha256)
    }

    /// The SHA-1 and SHA-256 of the certificate's bytes as stored (no parsing: any change of
    /// a byte changes the MAC).
    private static func digests(of certificate: Data) -> CertificateFingerprints {
        let bytes = Array(certificate)
        return CertificateFingerprints(sha1: SHA1.digest(bytes), sha256: SHA256.digest(bytes))
    }

    private func macKeyMissing(_ what: String) -> VaultError {
        let path = RecordMACKey.path(for: location)
        return VaultError(.macKeyMissing, "the record MAC key is missing, but \(what): the records cannot be checked; nothing was read or changed",
                          location: path, facts: VaultStep.macKeyGone.facts([.path: path]))
    }

    /// The MAC check of one record (see ``checkRecordMAC(of:)-(RequestRecord)``).
    func recordMACState(kind: String, id: String, record: String, certificate: Data, thumbprintSHA1: String, thumbprintSHA256: String?,
                        mac: Data?, key: RecordMACKey?, comparingThumbprints: Bool = true) throws(VaultError) -> RecordMACState {
        let facts = (kind.hasPrefix("request") ? VaultStep.alteredRequest : VaultStep.alteredConnection).facts([.record: id])
        // (kind is `request`, `request.renewal:ID`, `connection`, `connection.previous` or `connection.pending`.)
        guard let mac else {
            if key == nil || key?.legacyPending == true { return .legacy }
            throw VaultError(.recordAltered, "no record MAC, though every record spconnect made or checked has one: it was added or changed outside spconnect",
                             location: record, facts: facts)
        }
        guard let key else { throw macKeyMissing("\(record) has a MAC") }
        let prints = Self.digests(of: certificate)
        let expected = try key.mac(kind: kind, id: id, sha1: prints.sha1, sha256: prints.sha256)
        guard HMACSHA256.equal(Array(expected), Array(mac)) else {
            throw VaultError(.recordAltered,
                             "its record MAC does not match its certificate (thumbprint \(prints.thumbprint)): the certificate, thumbprints or sealed key were replaced outside spconnect",
                             location: record, facts: facts)
        }
        func plain(_ print: String) -> String { String(print.uppercased().filter { $0.isHexDigit }) }
        guard !comparingThumbprints || plain(thumbprintSHA1) == plain(prints.thumbprint), thumbprintSHA256.map({ plain($0) == plain(prints.sha256Fingerprint) }) ?? true else {
            throw VaultError(.recordAltered, "its thumbprints are not its certificate's (\(prints.thumbprint)): the record was changed outside spconnect",
                             location: record, facts: facts)
        }
        return .valid
    }
}
