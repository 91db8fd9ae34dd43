import Common
import Domain

/// An Azure Key Vault's address (`https://NAME.vault.azure.net`) and the name of a
/// certificate in it, checked against the connection's cloud before anything is unlocked.
///
/// Rules, from the Key Vault REST reference ("Import Certificate - Import Certificate",
/// https://learn.microsoft.com/rest/api/keyvault/certificates/import-certificate/import-certificate?view=rest-keyvault-certificates-2025-07-01):
/// the request goes to `{vaultBaseUrl}/certificates/{certificate-name}/import`, and the
/// certificate name matches `^[0-9a-zA-Z-]+$`. A vault's host is `NAME.` + the cloud's
/// ``Cloud/keyVaultSuffix`` (see ``Cloud`` for the pages), and vault names are 3 to 24
/// letters, digits and hyphens ("Vaults - Create Or Update", `vaultName` pattern
/// `^[a-zA-Z0-9-]{3,24}$`). Only the https scheme, no user, no path beyond `/`, no query.
public struct KeyVaultAddress: Sendable, Equatable, CustomStringConvertible {
    /// The vault's host, lower-cased (`contoso.vault.azure.net`).
    public let host: String

    /// Parses `text` as a vault address of `cloud`.
    ///
    /// - Throws: ``ErrorCode/invalidValue`` (`check` `vaultURL`: not an https vault address;
    ///   `vaultSuffix`: a host outside the cloud's Key Vault domain).
    public init(_ text: String, cloud: Cloud) throws(EntraError) {
        let trimmed = text.trimmingWhitespace
        func refuse(_ reason: String, _ check: String) -> EntraError {
            EntraError(.invalidValue, "vault address \(ServerText.shown(text, limit: 120)): \(reason)",
                       facts: ErrorFacts(actor: .you, values: [.check: check, .cloud: cloud.rawValue, .host: cloud.keyVaultSuffix]))
        }
        guard trimmed.lowercased().hasPrefix("https://") else {
            throw refuse("a vault's address is https://NAME.\(cloud.keyVaultSuffix)", "vaultURL")
        }
        var rest = Substring(trimmed.dropFirst(8))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else {
            throw refuse("not a vault's address (only https://NAME.\(cloud.keyVaultSuffix), with no port, path or query)", "vaultURL")
        }
        let host = rest.lowercased()
        let suffix = "." + cloud.keyVaultSuffix
        guard host.hasSuffix(suffix) else {
            throw refuse("the connection's cloud (\(cloud.rawValue)) keeps its vaults under \(cloud.keyVaultSuffix)", "vaultSuffix")
        }
        let name = host.dropLast(suffix.count)
        guard (3...24).contains(name.count), !name.contains(".") else {
            throw refuse("a vault's name is 3 to 24 letters, digits and hyphens", "vaultURL")
        }
        self.host = host
    }

    /// `https://HOST`, the vault's base address.
    public var url: String { "https://" + host }

    /// The vault's base address.
    public var description: String { url }

    /// The import call for certificate `name`.
    public func importURL(certificate name: String) -> String {
        url + "/certificates/" + name + "/import?api-version=" + KeyVaultClient.apiVersion
    }

    // MARK: - Certificate names

    /// Whether `name` is a certificate name Key Vault takes (`^[0-9a-zA-Z-]+$`; at most 127
    /// characters, as the Azure portal allows).
    public static func isCertificateName(_ name: String) -> Bool {
        (1...127).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Checks a `--certificate-name`.
    ///
    /// - Throws: ``ErrorCode/invalidValue`` (`check` `certificateName`).
    public static func checkCertificateName(_ name: String) throws(EntraError) {
        guard isCertificateName(name) else {
            throw EntraError(.invalidValue, "certificate name \(ServerText.shown(name, limit: 80)): Key Vault takes only letters, digits and hyphens (1 to 127)",
                             facts: ErrorFacts(actor: .you, values: [.check: "certificateName"]))
        }
    }

    /// The certificate name made from a connection's name: every run of characters outside
    /// `[0-9a-zA-Z-]` becomes one hyphen, leading and trailing hyphens go, at most 127
    /// characters (`contoso_reports.2025` → `contoso-reports-2025`); `spconnect` when
    /// nothing is left.
    public static func certificateName(forConnection connection: String) -> String {
        var output = ""
        var pendingHyphen = false
        for character in connection {
            if character.isASCII && (character.isLetter || character.isNumber) {
                if pendingHyphen && !output.isEmpty { output.append("-") }
                pendingHyphen = false
                output.append(character)
            } else {
                pendingHyphen = true
            }
        }
        let name = String(output.prefix(127))
        return name.isEmpty ? "spconnect" : name
    }
}
