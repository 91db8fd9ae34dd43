#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Common
import Hints
import Vault
import Workflow

/// `spconnect import`: the admin's reply becomes an encrypted connection.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the admin's reply: check it against the request and create the connection.",
        discussion: """
        Reads the reply as the admin sent it: an email saved from Outlook, Gmail, Apple Mail or Thunderbird (.eml), the text of the reply pasted into a file, or what the generated scripts print. It finds the SPCONNECT REPLY block (also quoted with '>', reflowed, in HTML, quoted-printable or base64) or the Entra admin center's labels ("Directory (tenant) ID", "Application (client) ID", "Object ID", "Certificate thumbprint"). Outlook's own .msg files are read too. Only what a reader of the email sees counts: attachments and hidden HTML are not read. Flags fill in or override the reply's values; without a reply, the flags are the values.

        The checks: the request exists and waits for a reply; the email is from one of the request's admins (otherwise a warning, or a refusal with --strict); a tenant domain is the request's or a NAME.onmicrosoft.com domain; the client ID is a GUID and not the tenant's; the thumbprint, when given, is the request certificate's; the certificate has not expired. Then, in one transaction, the connection is created and the request is marked fulfilled. No passphrase is needed. Importing the same reply again changes nothing and exits 0; another reply for an imported request is refused (exit 1). The reply to a renewal request (renew --via-admin) goes into the connection it renews instead: its client ID and tenant must be the connection's, the new certificate becomes the connection's pending one, which the next renew proves (a token and each site) before it makes it current, and this import asks for the passphrase (the new key is sealed again). It is refused while the connection keeps a previous certificate or has a renewal under way. A client secret in the reply is never used or kept; you are told to have it deleted.

        Examples:
          spconnect import reply.eml
          pbpaste | spconnect import -
          spconnect import reply.eml --name contoso-reports --json
          spconnect import --request SPC-7K3D-Q9XA \\
              --tenant-id 72f988bf-86f1-41af-91ab-2d7cd011db47 \\
              --client-id 6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c \\
              --object-id 0b5f3a1c-7d2e-4c8b-9a6f-1e2d3c4b5a69
          spconnect import reply.msg --strict
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The reply: an .eml or text file, or - for standard input.", valueName: "file"))
    var file: String?

    @Option(name: .customLong("request"), help: ArgumentHelp("The request the reply answers, when it names none (SPC-XXXX-XXXX).", valueName: "id"))
    var requestID: String?

    @Option(name: .customLong("tenant-id"), help: ArgumentHelp("The Directory (tenant) ID: a GUID or the tenant's domain.", valueName: "id"))
    var tenantID: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("The Application (client) ID.", valueName: "id"))
    var clientID: String?

    @Option(name: .customLong("object-id"), help: ArgumentHelp("The app registration's Object ID (the admin center's Overview page).", valueName: "id"))
    var objectID: String?

    @Flag(name: .long, help: "Refuse a reply that is not an email from one of the request's admins (default: import it with a warning).")
    var strict = false

    @Option(name: .customLong("thumbprint"), help: ArgumentHelp("The certificate thumbprint the admin sees (SHA-1, 40 hex digits).", valueName: "tp"))
    var thumbprint: String?

    @Option(name: .long, help: ArgumentHelp("The connection's name (default: from the tenant and the app name).", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        if file == nil && clientID == nil {
            throw ValidationError("Give the reply (a file, or - for standard input), or the values with --client-id (and --request, --tenant-id, --thumbprint).")
        }
    }

    /// The values given as flags, checked on their own before anything is read: a bad one is a
    /// usage error (exit 2), as every value given on the command line is. The same checks run
    /// again, with the reply's values beside them, in ``ReplyImporter``.
    func run() throws {
        let input = ReplyImporter.Input(requestID: requestID, tenantID: tenantID, clientID: clientID, objectID: objectID, thumbprint: thumbprint,
                                        name: name, strict: strict)
        let importer = ImportReply(input, replyFile: file)
        try UsageError.checking { try importer.checkGivenValues() }
        let environment = global.environment()
        if file == "-" && isatty(0) != 0 && !json {
            Console.note("Paste the admin's reply, then press Ctrl-D on a line of its own.")
        }
        let outcome = try importer.run(in: environment)
        for warning in outcome.warningTexts { Console.warn(OptionSpelling.text(warning)) }
        let connection = outcome.connection
        let summary = ConnectionSummary(connection)
        // A renewal's certificate is pending until renew proves it (a token and each site) and makes it current.
        let renew = PasteableCommand.spconnect(home: global.home, ["renew", connection.name])
        let next = outcome.renewed && connection.pendingCertificate != nil ? renew : PasteableCommand.spconnect(home: global.home, ["verify", connection.name])
        if let vault = outcome.keyVault, outcome.renewed {
            let export = PasteableCommand.spconnect(home: global.home, ["export", connection.name, "--to", "azure-keyvault", "--vault", vault.vaultURL,
                                                                        "--certificate-name", vault.certificateName])
            Console.warn("connection \(connection.name) was exported to Azure Key Vault \(vault.vaultURL) (certificate \(vault.certificateName)), which still holds the old certificate; "
                         + "\(renew) imports the new one there once it is proved and current (with --token-command or SPCONNECT_KEYVAULT_TOKEN); if that import fails, run: \(export)")
        }
        if json {
            let sources = outcome.sourceTexts.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, JSONValue.string(OptionSpelling.text($0.value))) }
            Console.out(JSONValue.members([
                // A renewal creates no connection: the existing one gets a pending certificate.
                "created": .bool(outcome.created && !outcome.renewed),
                "renewed": outcome.renewed ? .bool(true) : nil,
                "changed": outcome.renewed ? .bool(outcome.created) : nil,
                "pendingCertificate": outcome.renewed ? .optional(connection.pendingCertificate.map(Store.thumbprint(of:))) : nil,
                "request": .string(outcome.renewalRequest ?? connection.requestID ?? connection.id),
                "connection": summary.json,
                "sources": .object(sources),
                "warnings": .strings(outcome.warningTexts.map(OptionSpelling.text)),
                "next": .string(next),
            ]).rendered)
            return
        }
        let request = outcome.renewalRequest ?? connection.requestID ?? connection.id
        if outcome.renewed {
            Console.out(outcome.created
                ? "Imported the reply to renewal request \(request) into connection \(connection.name): the new certificate "
                    + "\(connection.pendingCertificate.map(Store.thumbprint(of:)) ?? "") is pending; the connection keeps using \(connection.thumbprintSHA1) "
                    + "until \(renew) proves the new one (a token and each site, so Entra accepts it) and makes it current."
                : "Request \(request) was already imported into connection \(connection.name); nothing was changed.")
        } else {
            Console.out(outcome.created
            ? "Imported the reply to request \(request): connection \(connection.name) created."
            : "Request \(request) was already imported as connection \(connection.name) with these values; nothing was changed.")
        }
        Console.out("")
        Console.out(summary.text)
        Console.out("")
        Console.out("Next: \(next)")
    }
}
