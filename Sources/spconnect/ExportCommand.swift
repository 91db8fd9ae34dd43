import ArgumentParser
import Common
import Workflow

/// `spconnect export`: hand a connection to PnP PowerShell, MSAL or a script.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a connection as PFX, PEM, JSON or a .env file, or import it into Azure Key Vault.",
        discussion: """
        pfx and pem carry the private key: they unlock the store (SPCONNECT_PASSPHRASE_FILE,
        SPCONNECT_PASSPHRASE or a prompt) and protect the key with a password from
        --password-file, SPCONNECT_CERT_PASSWORD or a prompt (asked twice). json is the
        non-secret description and needs no passphrase. env is the non-secret variables
        Azure's SDKs read (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST) and
        SPCONNECT_SITES, for a .env file beside the PFX; it holds no key and no password.
        To use the connection without writing its key anywhere, see spconnect exec.

        --out - writes to standard output: json and env always; pfx and pem (the private
        key) only with --key-to-stdout, and never to a terminal.

        Examples:
          spconnect export contoso-reports --format pfx --out contoso-reports.pfx
          spconnect export contoso-reports --format pem --out contoso-reports.pem
          spconnect export contoso-reports --format json --out contoso-reports.json
          spconnect export contoso-reports --format json --out - | jq .clientID
          spconnect export contoso-reports --format env --out contoso-reports.env
          spconnect export contoso-reports --format pem --out - --key-to-stdout \\
            | openssl x509 -noout -subject
          SPCONNECT_KEYVAULT_TOKEN="$(az account get-access-token \\
            --resource https://vault.azure.net --query accessToken -o tsv)" \\
            spconnect export contoso-reports --to azure-keyvault \\
            --vault https://contoso-kv.vault.azure.net
          spconnect export contoso-reports --to azure-keyvault --json \\
            --vault https://contoso-kv.vault.azure.net --certificate-name reports-app

        --to azure-keyvault imports the certificate and key with Key Vault's certificate
        import (a PFX under a random password that only the request carries; nothing is
        written to disk) and prints the certificate's id and version. The vault must be
        in the connection's cloud (vault.azure.net, vault.usgovcloudapi.net or
        vault.azure.cn). The place is kept with the connection (spconnect show lists it)
        so that a renewed certificate can be imported there as a new version. The access
        token is SPCONNECT_KEYVAULT_TOKEN, or what --token-command prints, for instance
        --token-command 'az account get-access-token --resource https://vault.azure.net
        --query accessToken -o tsv' (run without a shell unless it uses shell syntax);
        in Azure Government or China, ask for the vault's own resource
        (https://vault.usgovcloudapi.net, https://vault.azure.cn).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name.", valueName: "connection"))
    var connection: String

    @Option(name: .long, help: "pfx, pem, json or env.")
    var format: ConnectionExporter.Format?

    @Option(name: .long, help: ArgumentHelp("The file to write, or - for standard output.", valueName: "file"))
    var out: String?

    @Flag(name: .customLong("key-to-stdout"), help: "With --out -: let pfx or pem (the private key) go to standard output (a pipe, never a terminal).")
    var keyToStdout = false

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    @Option(name: .customLong("password-file"), help: "A file holding the password for the exported key.")
    var passwordFile: String?

    @OptionGroup var weak: WeakPassphraseOption

    @Flag(name: .customLong("insecure-no-key-password"), help: "Write the key unencrypted (not recommended).")
    var insecureNoKeyPassword = false

    @OptionGroup var keyVault: KeyVaultExportOptions

    func validate() throws {
        if keyVault.target != nil {
            let fileFlags = [format.map { _ in "--format" }, out.map { _ in "--out" }, keyToStdout ? "--key-to-stdout" : nil,
                             force ? "--force" : nil, passwordFile.map { _ in "--password-file" },
                             weak.allowed ? "--insecure-weak-passphrase" : nil, insecureNoKeyPassword ? "--insecure-no-key-password" : nil]
                .compactMap { $0 }
            if let flag = fileFlags.first {
                throw ValidationError("\(flag) writes a file; --to azure-keyvault writes none (Key Vault gets a PFX under a random password). Give one or the other.")
            }
            return
        }
        if let flag = keyVault.keyVaultOnlyFlags.first {
            throw ValidationError("\(flag) only applies to --to azure-keyvault.")
        }
        guard format != nil else { throw ValidationError("Missing expected argument '--format <format>' (or --to azure-keyvault).") }
        guard out != nil else { throw ValidationError("Missing expected argument '--out <file>'.") }
        if insecureNoKeyPassword && passwordFile != nil {
            throw ValidationError("--insecure-no-key-password and --password-file contradict each other; give one.")
        }
        if keyToStdout && out != "-" {
            throw ValidationError("--key-to-stdout only applies to --out -.")
        }
    }

    /// `--out -` for a format that carries the key: only into a pipe or file, and only when asked.
    func checkStandardOutput(_ format: ConnectionExporter.Format, in environment: Environment) throws {
        guard out == "-", format.holdsKey else { return }
        if environment.standardOutputIsTerminal {
            throw UsageError("--out - would print the private key (\(format.rawValue)) on the terminal",
                             hint: "write it to a file: --out \(PasteableCommand.shellWord("\(connection).\(format.rawValue)")); or pipe it to a program with --out - --key-to-stdout")
        }
        if !keyToStdout {
            throw UsageError("--out - writes the private key (\(format.rawValue)) to standard output, and that needs an explicit choice",
                             hint: "add --key-to-stdout to pipe it to a program, or write it to a file: --out \(PasteableCommand.shellWord("\(connection).\(format.rawValue)"))")
        }
    }

    func run() throws {
        if keyVault.target == .azureKeyVault { return try importIntoKeyVault() }
        guard let format, let out else { throw ValidationError("Missing expected argument '--format <format>'.") }
        let environment = global.environment()
        try checkStandardOutput(format, in: environment)
        var export = ExportConnection(connection: connection, format: format,
                                      destination: out == "-" ? .standardOutput : .file(out, replace: force))
        export.passwordFile = passwordFile
        export.allowWeakPassword = weak.allowed
        export.encryptKey = !insecureNoKeyPassword
        let result = try export.run(in: environment)
        let key = result.keyEncrypted ? "encrypted" : "NOT encrypted"
        switch result.destination {
        case .standardOutput:
            if format.holdsKey { Console.note("Wrote the \(format.rawValue) to standard output (the key is \(key)).") }
        case .file(let path, _):
            Console.out("Wrote \(path)" + (format.holdsKey ? " (mode 0600; the key is \(key))." : "."))
        }
    }
}

extension ExportCommand {
    /// `--to azure-keyvault`: imports, then prints the certificate's id and version.
    func importIntoKeyVault() throws {
        let result = try keyVault.export(connection).run(in: global.environment(json: keyVault.json))
        if keyVault.json {
            Console.out(JSONValue.members([
                "connection": .string(result.connection),
                "vault": .string(result.link.vaultURL),
                "certificateName": .string(result.certificate.name),
                "id": .string(result.certificate.id),
                "version": .string(result.certificate.version),
                "x5t": .optional(result.certificate.x5t),
            ]).rendered)
        } else {
            Console.out("""
                Imported \(result.connection) into Azure Key Vault (a PFX; nothing was written to disk).
                Certificate ID:  \(result.certificate.id)
                Version:         \(result.certificate.version)
                """)
        }
    }
}

