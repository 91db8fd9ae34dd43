#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

extension Store {
    /// The Key Vault link of the connection with ID `connectionID`, if it was ever imported.
    public func keyVaultLink(ofConnection connectionID: String) throws(VaultError) -> KeyVaultLink? {
        try read { db in try KeyVaultLink.fetchOne(db, key: connectionID) }
    }

    /// Records an import into Key Vault: the link (replacing the connection's earlier one)
    /// and its audit line, in one transaction.
    public func recordKeyVaultImport(_ link: KeyVaultLink, connection name: String) throws(VaultError) {
        try write { db in
            let earlier = try KeyVaultLink.fetchOne(db, key: link.connectionID)
            try link.save(db)
            let moved = earlier.map { $0.vaultURL != link.vaultURL || $0.certificateName != link.certificateName } ?? false
            try AuditEntry(action: "key.exported", subject: name,
                           detail: "format pfx, encrypted, to Azure Key Vault \(link.certificateID)"
                               + (moved ? " (was \(earlier!.vaultURL)/certificates/\(earlier!.certificateName))" : ""),
                           at: link.importedAt).insert(db)
        }
    }
}
