import ArgumentParser
import Workflow

/// How spconnect reaches Azure Key Vault, beside the CA file and timeout each command has:
/// where the access token comes from and where to connect. `export --to azure-keyvault` and
/// `renew` (which imports a renewed certificate into the vault the connection was exported to).
struct KeyVaultAccessOptions: ParsableArguments {
    @Option(name: .customLong("token-command"), help: ArgumentHelp("For Azure Key Vault: a command that prints an access token (default: SPCONNECT_KEYVAULT_TOKEN).", valueName: "command"))
    var tokenCommand: String?

    @Option(name: .customLong("connect-to"), help: ArgumentHelp("For Azure Key Vault: connect to HOST:PORT instead of the vault's address (a private endpoint); TLS still checks the vault's name.", valueName: "host:port"))
    var connectTo: String?

    /// The flags given.
    var givenFlags: [String] {
        [tokenCommand.map { _ in "--token-command" }, connectTo.map { _ in "--connect-to" }].compactMap { $0 }
    }

    func validate() throws {
        if let tokenCommand, tokenCommand.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--token-command needs a command, e.g. --token-command 'az account get-access-token --resource https://vault.azure.net --query accessToken -o tsv'.")
        }
        if let connectTo {
            let parts = connectTo.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port),
                  parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw ValidationError("--connect-to takes HOST:PORT, e.g. --connect-to 10.0.0.5:443.")
            }
        }
    }

    /// The access these options describe, with the command's CA file and timeout.
    func access(caFile: String?, timeout: Double?) -> ExportToKeyVault.Access {
        var access = ExportToKeyVault.Access()
        access.caFile = caFile
        access.connectTo = connectTo
        if let timeout { access.timeout = timeout }
        access.tokenCommand = tokenCommand.map { Workflow.TokenCommand($0, for: .keyVault, timeout: timeout ?? 60) }
        return access
    }
}
