#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import OpenSSLSupport
import GRDB

/// The store with its private key unlocked: the only way to read a sealed secret.
/// The key is wiped when this object goes away.
public final class UnlockedStore: Sendable {
    /// The store this key opens.
    public let store: Store
    let privateKey: SecretBytes

    init(store: Store, privateKey: SecretBytes) {
        self.store = store
        self.privateKey = privateKey
    }

    /// The private key of a pending request (PKCS#8 DER), after checking that it is the
    /// key of the request's certificate, that the record's thumbprint is the certificate's,
    /// and that the record MAC is the record's (``Store/checkRecordMAC(of:)-(RequestRecord)``).
    public func key(of request: RequestRecord) throws(VaultError) -> SecretBytes {
        try open(request.sealedKey, of: request, binding: Store.requestBinding(request.id), copy: "key", record: "request \(request.id)")
    }

    /// The copy of a pending request's key sealed for the connection it will become (what
    /// `import` moves into the connection), with the same checks as ``key(of:)-(RequestRecord)``.
    public func connectionKey(of request: RequestRecord) throws(VaultError) -> SecretBytes {
        try open(request.sealedConnectionKey, of: request, binding: Store.connectionBinding(request.id),
                 copy: "key for its connection", record: "request \(request.id) (its connection's copy)")
    }

    private func open(_ sealed: Data?, of request: RequestRecord, binding: SecretSealer.Binding, copy: String, record: String,
                      verifyingMAC: Bool = true) throws(VaultError) -> SecretBytes {
        guard let sealed else {
            throw VaultError(.notFound, "the request holds no \(copy) (it was fulfilled or cancelled)", location: "request \(request.id)")
        }
        let key = try SecretSealer.open(Array(sealed), privateKey: privateKey, binding: binding)
        try Self.checkConsistent(key: key, certificate: request.certificate, thumbprint: request.thumbprint, sha256: nil, record: record)
        if verifyingMAC { try store.checkRecordMAC(of: request) }
        return key
    }

    /// The private key of a connection (PKCS#8 DER), after the same checks as a request's
    /// (the SHA-256 fingerprint included).
    public func key(of connection: ConnectionRecord) throws(VaultError) -> SecretBytes {
        try open(connection, verifyingMAC: true)
    }

    private func open(_ connection: ConnectionRecord, verifyingMAC: Bool) throws(VaultError) -> SecretBytes {
        let record = Store.label(connection)
        let key: SecretBytes
        do {
            key = try SecretSealer.open(Array(connection.sealedKey), privateKey: privateKey, binding: Store.connectionBinding(connection.id))
        } catch {
            throw error.at(record)
        }
        try Self.checkConsistent(key: key, certificate: connection.certificate, thumbprint: connection.thumbprintSHA1,
                                 sha256: connection.thumbprintSHA256, record: record)
        if verifyingMAC { try store.checkRecordMAC(of: connection) }
        return key
    }

    /// Checks every record added since the last unlock (by `request` or `import`, which need
    /// no passphrase): its sealed key must open and be the key of its certificate, whose
    /// thumbprints must be the record's, and its record MAC must be its own. Records that
    /// pass are remembered; every one that fails is returned (and checked again at the next
    /// unlock).
    ///
    /// First, the records made before record MACs get theirs (trust on first use, see
    /// `SEALING.md`): each whose sealed key passes the same checks is MACed (a request whose
    /// keys are gone, fulfilled or cancelled, is MACed as it is), and from then on a record
    /// without a MAC is refused.
    ///
    /// - Throws: ``VaultError/Code/macKeyMissing`` when records have MACs but the key file is
    ///   gone (nothing is changed).
    public func checkNewRecords() throws(VaultError) -> [VaultError] {
        var failures = try macLegacyRecords()
        let (requests, connections): ([RequestRecord], [ConnectionRecord]) = try store.read { db in
            (try RequestRecord.fetchAll(db, sql: """
                SELECT * FROM requests WHERE sealedKey IS NOT NULL
                AND id NOT IN (SELECT id FROM checked_records WHERE kind = 'request')
                """),
             try ConnectionRecord.fetchAll(db, sql: "SELECT * FROM connections WHERE id NOT IN (SELECT id FROM checked_records WHERE kind = 'connection')"))
        }
        guard !requests.isEmpty || !connections.isEmpty else { return failures }
        var passed: [(String, String)] = []
        let named = Set(failures.map(\.location))
        for request in requests where !named.contains("request \(request.id)") {
            do { _ = try key(of: request); passed.append(("request", request.id)) } catch { failures.append(error) }
        }
        for connection in connections where !named.contains(Store.label(connection)) {
            do { _ = try key(of: connection); passed.append(("connection", connection.id)) } catch { failures.append(error) }
        }
        let checked = passed
        try store.write { db in
            for (kind, id) in checked {
                try db.execute(sql: "INSERT OR IGNORE INTO checked_records (kind, id) VALUES (?, ?)", arguments: [kind, id])
            }
        }
        return failures
    }

    /// The trust-on-first-use step of ``checkNewRecords()``: while the MAC key still accepts
    /// records without a MAC (or there is no key yet), every such record that passes the
    /// consistency check gets its MAC, and the key then stops accepting them; all in one write
    /// transaction. Returns the records that failed (they stay without a MAC, and are refused).
    private func macLegacyRecords() throws(VaultError) -> [VaultError] {
        if let key = try store.recordMACKey(), !key.legacyPending { return [] }
        let (requests, connections): ([RequestRecord], [ConnectionRecord]) = try store.read { db in
            (try RequestRecord.fetchAll(db, sql: "SELECT * FROM requests WHERE mac IS NULL"),
             try ConnectionRecord.fetchAll(db, sql: "SELECT * FROM connections WHERE mac IS NULL"))
        }
        var failures: [VaultError] = []
        var sound: [(kind: String, id: String, certificate: Data)] = []
        for request in requests {
            do {
                if request.sealedKey != nil {
                    _ = try open(request.sealedKey, of: request, binding: Store.requestBinding(request.id), copy: "key", record: "request \(request.id)", verifyingMAC: false)
                }
                sound.append((Store.macKind(of: request), request.id, request.certificate))
            } catch {
                failures.append(error)
            }
        }
        for connection in connections {
            do {
                _ = try open(connection, verifyingMAC: false)
                sound.append(("connection", connection.id, connection.certificate))
            } catch {
                failures.append(error)
            }
        }
        let maced = sound
        try store.write { db in
            var key = try self.store.recordMACKeyForWriting(db)
            guard key.legacyPending else { return }
            for record in maced {
                let mac = try Store.recordMAC(kind: record.kind, id: record.id, certificate: record.certificate, key: key)
                let table = record.kind.hasPrefix("request") ? "requests" : "connections"
                try db.execute(sql: "UPDATE \(table) SET mac = ? WHERE id = ? AND mac IS NULL AND certificate = ?", arguments: [mac, record.id, record.certificate])
            }
            if !maced.isEmpty {
                try AuditEntry(action: "records.maced", subject: self.store.id, detail: "\(maced.count) records from before record MACs, checked and given one").insert(db)
            }
            key.legacyPending = false
            try key.write(for: self.store.location)
        }
        return failures
    }

    /// A record's certificate, thumbprints and key must belong together: a record whose
    /// certificate or key was replaced on its own is refused, naming the record.
    static func checkConsistent(key: SecretBytes, certificate der: Data, thumbprint: String, sha256: String?, record: String) throws(VaultError) {
        func refuse(_ what: String) -> VaultError {
            VaultError(.inconsistentRecord, "\(record): \(what); the store was altered outside spconnect",
                       location: record)
        }
        let certificate: X509Certificate
        let rsa: RSAPrivateKey
        do {
            certificate = try X509Certificate(der: Array(der))
            rsa = try RSAPrivateKey(pkcs8DER: key)
        } catch {
            throw refuse("its certificate or sealed key cannot be read (\(error.reason))")
        }
        guard certificate.matches(rsa) else { throw refuse("the sealed key is not the private key of the record's certificate") }
        let prints = certificate.fingerprints
        guard normalized(prints.thumbprint) == normalized(thumbprint) else {
            throw refuse("the record's thumbprint \(thumbprint) is not its certificate's (\(prints.thumbprint))")
        }
        if let sha256, normalized(prints.sha256Fingerprint) != normalized(sha256) {
            throw refuse("the record's SHA-256 fingerprint is not its certificate's")
        }
    }

    private static func normalized(_ print: String) -> String {
        String(print.uppercased().filter { $0.isHexDigit })
    }
}
