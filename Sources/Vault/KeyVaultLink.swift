#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

/// Where a connection's certificate was last imported into Azure Key Vault
/// (`export --to azure-keyvault`): the vault, the certificate's name there and the version
/// the import made. One per connection; removed with it. Nothing secret.
public struct KeyVaultLink: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "keyvault_links"

    /// The connection's ID (``ConnectionRecord/id``).
    public var connectionID: String
    /// The vault's base address (`https://contoso.vault.azure.net`).
    public var vaultURL: String
    /// The certificate's name in the vault.
    public var certificateName: String
    /// The version the last import made.
    public var versionID: String
    /// The SHA-1 thumbprint of the certificate that import carried.
    public var thumbprintSHA1: String
    /// When it was imported.
    public var importedAt: Date

    /// A link with these values.
    public init(connectionID: String, vaultURL: String, certificateName: String, versionID: String, thumbprintSHA1: String,
                importedAt: Date = Date()) {
        self.connectionID = connectionID
        self.vaultURL = vaultURL
        self.certificateName = certificateName
        self.versionID = versionID
        self.thumbprintSHA1 = thumbprintSHA1
        self.importedAt = importedAt
    }

    /// The certificate's identifier with its version: `VAULT/certificates/NAME/VERSION`.
    public var certificateID: String { "\(vaultURL)/certificates/\(certificateName)/\(versionID)" }
}
