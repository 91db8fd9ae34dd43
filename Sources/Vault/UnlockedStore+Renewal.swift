#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common

extension UnlockedStore {
    /// The private key of the connection's pending (renewal) certificate, after the same
    /// checks as the current one's: it opens under its own binding, it is the key of the
    /// pending certificate, and that certificate's record MAC is its own.
    public func pendingKey(of connection: ConnectionRecord) throws(VaultError) -> SecretBytes {
        guard let certificate = connection.pendingCertificate, let sealed = connection.pendingSealedKey else {
            throw VaultError(.notFound, "connection \(connection.name) has no renewal under way", location: Store.label(connection))
        }
        return try openHistory(sealed, certificate: certificate, mac: connection.pendingMAC, kind: "connection.pending",
                               binding: Store.pendingBinding(connection.id), connection: connection, which: "pending certificate")
    }

    /// The private key of the connection's previous certificate, with the same checks.
    public func previousKey(of connection: ConnectionRecord) throws(VaultError) -> SecretBytes {
        guard let certificate = connection.previousCertificate, let sealed = connection.previousSealedKey else {
            throw VaultError(.notFound, "connection \(connection.name) has no previous certificate", location: Store.label(connection))
        }
        return try openHistory(sealed, certificate: certificate, mac: connection.previousMAC, kind: "connection.previous",
                               binding: Store.previousBinding(connection.id), connection: connection, which: "previous certificate")
    }

    private func openHistory(_ sealed: Data, certificate: Data, mac: Data?, kind: String, binding: SecretSealer.Binding,
                             connection: ConnectionRecord, which: String) throws(VaultError) -> SecretBytes {
        let record = Store.label(connection) + ", its \(which)"
        let key: SecretBytes
        do {
            key = try SecretSealer.open(Array(sealed), privateKey: privateKey, binding: binding)
        } catch {
            throw error.at(record)
        }
        let thumbprint = Store.thumbprint(of: certificate)
        try Self.checkConsistent(key: key, certificate: certificate, thumbprint: thumbprint, sha256: nil, record: record)
        try store.checkHistoryMAC(kind: kind, connection: connection, certificate: certificate, mac: mac, record: record)
        return key
    }
}
