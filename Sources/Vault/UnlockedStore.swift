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
    /// key of the request's certificate and that the record's thumbprint is the certificate's.
    public func key(of request: RequestRecord) throws(VaultError) -> SecretBytes {
        try open(request.sealedKey, of: request, binding: Store.requestBinding(request.id), copy: "key", record: "request \(request.id)")
    }

    /// The copy of a pending request's key sealed for the connection it will become (what
    /// `import` moves into the connection), with the same checks as ``key(of:)-(RequestRecord)``.
    public func connectionKey(of request: RequestRecord) throws(VaultError) -> SecretBytes {
        try open(request.sealedConnectionKey, of: request, binding: Store.connectionBinding(request.id),
                 copy: "key for its connection", record: "request \(request.id) (its connection's copy)")
    }

    private func open(_ sealed: Data?, of request: RequestRecord, binding: SecretSealer.Binding, copy: String, record: String) throws(VaultError) -> SecretBytes {
        guard let sealed else {
            throw VaultError(.notFound, "the request holds no \(copy) (it was fulfilled or cancelled)", location: "request \(request.id)")
        }
        let key = try SecretSealer.open(Array(sealed), privateKey: privateKey, binding: binding)
        try Self.checkConsistent(key: key, certificate: request.certificate, thumbprint: request.thumbprint, sha256: nil, record: record)
        return key
    }

    /// The private key of a connection (PKCS#8 DER), after the same checks as a request's
    /// (the SHA-256 fingerprint included).
    public func key(of connection: ConnectionRecord) throws(VaultError) -> SecretBytes {
        let record = "connection \(connection.name) (\(connection.id))"
        let key: SecretBytes
        do {
            key = try SecretSealer.open(Array(connection.sealedKey), privateKey: privateKey, binding: Store.connectionBinding(connection.id))
        } catch {
            throw error.at(record)
        }
        try Self.checkConsistent(key: key, certificate: connection.certificate, thumbprint: connection.thumbprintSHA1,
                                 sha256: connection.thumbprintSHA256, record: record)
        return key
    }

    /// Checks every record added since the last unlock (by `request` or `import`, which need
    /// no passphrase): its sealed key must open and be the key of its certificate, whose
    /// thumbprints must be the record's. Records that pass are remembered; every one that
    /// fails is returned (and checked again at the next unlock).
    public func checkNewRecords() throws(VaultError) -> [VaultError] {
        let (requests, connections): ([RequestRecord], [ConnectionRecord]) = try store.read { db in
            (try RequestRecord.fetchAll(db, sql: """
                SELECT * FROM requests WHERE sealedKey IS NOT NULL
                AND id NOT IN (SELECT id FROM checked_records WHERE kind = 'request')
                """),
             try ConnectionRecord.fetchAll(db, sql: "SELECT * FROM connections WHERE id NOT IN (SELECT id FROM checked_records WHERE kind = 'connection')"))
        }
        guard !requests.isEmpty || !connections.isEmpty else { return [] }
        var passed: [(String, String)] = []
        var failures: [VaultError] = []
        for request in requests {
            do { _ = try key(of: request); passed.append(("request", request.id)) } catch { failures.append(error) }
        }
        for connection in connections {
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
