import ArgumentParser
import Workflow

/// `export --to azure-keyvault`'s options: where the certificate goes and how the call is made.
struct KeyVaultExportOptions: ParsableArguments {
    /// Where an export goes instead of a file.
    enum Target: String, ExpressibleByArgument, CaseIterable {
        case azureKeyVault = "azure-keyvault"
    }

    @Option(name: .customLong("to"), help: ArgumentHelp("azure-keyvault: import the certificate and key into Azure Key Vault (no file is written).", valueName: "target"))
    var target: Target?

    @Option(name: .long, help: ArgumentHelp("With --to azure-keyvault: the vault's address (its Vault URI).", valueName: "url"))
    var vault: String?

    @Option(name: .customLong("certificate-name"), help: ArgumentHelp("With --to azure-keyvault: the certificate's name in the vault (default: the connection's name, letters, digits and hyphens).", valueName: "name"))
    var certificateName: String?

    @Option(name: .customLong("token-command"), help: ArgumentHelp("With --to azure-keyvault: a command that prints a Key Vault access token (default: SPCONNECT_KEYVAULT_TOKEN).", valueName: "command"))
    var tokenCommand: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("With --to azure-keyvault: also trust the CA certificates in this PEM file.", valueName: "file"))
    var caFile: String?

    @Option(name: .customLong("connect-to"), help: ArgumentHelp("With --to azure-keyvault: connect to HOST:PORT instead of the vault's address (a private endpoint); TLS still checks the vault's name.", valueName: "host:port"))
    var connectTo: String?

    @Option(name: .long, help: ArgumentHelp("With --to azure-keyvault: seconds allowed for the token command and for the HTTPS exchange.", valueName: "seconds"))
    var timeout: Double?

    @Flag(name: .long, help: "With --to azure-keyvault: print one JSON document.")
    var json = false

    /// The flags given that only apply to `--to azure-keyvault`.
    var keyVaultOnlyFlags: [String] {
        [vault.map { _ in "--vault" }, certificateName.map { _ in "--certificate-name" }, tokenCommand.map { _ in "--token-command" },
         caFile.map { _ in "--ca-file" }, connectTo.map { _ in "--connect-to" }, timeout.map { _ in "--timeout" }, json ? "--json" : nil]
            .compactMap { $0 }
    }

    /// The rules of `--to azure-keyvault` on their own.
    func validate() throws {
        guard target != nil else { return }
        guard let vault, !vault.isEmpty else {
            throw ValidationError("--to azure-keyvault needs --vault URL, e.g. --vault https://NAME.vault.azure.net.")
        }
        if let certificateName {
            do { try ExportToKeyVault.checkCertificateName(certificateName) } catch { throw ValidationError("\(error.reason); \(error.shownHint ?? "")") }
        }
        if let tokenCommand, tokenCommand.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--token-command needs a command, e.g. --token-command 'az account get-access-token --resource https://vault.azure.net --query accessToken -o tsv'.")
        }
        if let timeout, !(timeout > 0 && timeout <= 600) {
            throw ValidationError("--timeout must be between 0 and 600 seconds.")
        }
        if let connectTo {
            let parts = connectTo.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port),
                  parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw ValidationError("--connect-to takes HOST:PORT, e.g. --connect-to 10.0.0.5:443.")
            }
        }
    }

    /// The use case these options describe, for `connection`.
    func export(_ connection: String) -> ExportToKeyVault {
        var access = ExportToKeyVault.Access()
        access.caFile = caFile
        access.connectTo = connectTo
        if let timeout { access.timeout = timeout }
        access.tokenCommand = tokenCommand.map { Workflow.TokenCommand($0, for: .keyVault, timeout: timeout ?? 60) }
        return ExportToKeyVault(connection: connection, vault: vault ?? "", certificateName: certificateName, access: access)
    }
}
