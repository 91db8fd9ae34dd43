import ArgumentParser
import Common
import Domain
import Vault
import Workflow

/// `spconnect show`: one connection or request.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a connection (by name) or a request (by ID).",
        discussion: """
        For a connection, also prints ready-to-paste use of what export writes: PnP
        PowerShell, CLI for Microsoft 365, MSAL Python and MSAL Node.

        Examples:
          spconnect show contoso-reports
          spconnect show SPC-7K3D-Q9XA --json
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A connection's name or a request's ID.", valueName: "name-or-id"))
    var target: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        switch try ShowRecord(target: target).run(in: global.environment()) {
        case .connection(let connection):
            let summary = ConnectionSummary(connection)
            let history = CertificateHistory(connection)
            let link = try ExportToKeyVault.link(of: connection.name, in: global.environment())
            if json {
                Console.out(Self.document(summary, keyVault: link).adding("certificates", history.json).rendered)
            } else {
                Console.out(summary.text + Self.text(keyVault: link) + "\n" + history.text + "\n\n" + ConnectionHandOff(connection, home: global.home).text)
            }
        case .request(let request):
            let summary = RequestSummary(request)
            Console.out(json ? JSONOutput.string(summary) : summary.text)
        }
    }
}

extension ShowCommand {
    /// The `Azure Key Vault:` line of a connection imported with `export --to azure-keyvault`.
    static func text(keyVault link: KeyVaultLink?) -> String {
        guard let link else { return "" }
        return "\nAzure Key Vault:          \(link.certificateID) (imported \(ISO8601.string(link.importedAt)))"
    }

    /// The connection's JSON object, with a `keyVault` member when it was imported into Key Vault.
    static func document(_ summary: ConnectionSummary, keyVault link: KeyVaultLink?) -> JSONValue {
        guard let link, case .object(var members) = summary.json else { return summary.json }
        members.append(("keyVault", JSONValue.members([
            "vault": .string(link.vaultURL),
            "certificateName": .string(link.certificateName),
            "version": .string(link.versionID),
            "id": .string(link.certificateID),
            "thumbprint": .string(link.thumbprintSHA1),
            "importedAt": .string(ISO8601.string(link.importedAt)),
        ])))
        return .object(members.sorted { $0.0 < $1.0 })
    }
}
