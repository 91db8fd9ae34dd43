import ArgumentParser
import Common
import Workflow

/// `spconnect renew`: the app rolls its own certificate with Microsoft Graph, no admin needed.
struct RenewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Give a connection a new certificate (Graph addKey), or retire the previous one.",
        discussion: """
        Makes a new key and certificate (sealed in the store before anything is sent),
        gets a Microsoft Graph token with the current certificate, and calls addKey with a
        proof of possession signed by it: an application needs no permission to roll its
        own keys. The new certificate is then proved as verify does (a token and each
        site) and only then becomes current. The old one stays registered and stored as
        the previous certificate until renew --retire removes it (Graph removeKey).

        Needs the app registration's Object ID (from the admin's reply; see show). A run
        that stops part-way (no answer from Graph, a failed check) leaves the connection
        with its working certificate; run renew again to resume. Every step is in the log.

        When the app cannot roll its own key (no Object ID, no valid certificate, a
        tenant policy, any refusal from addKey), renew --via-admin emails the admin a
        request to add a new certificate to this app, found by its client ID (never by
        its name), removing nothing: the request's scripts, instructions and reply block,
        with the tenant, client ID, cloud, sites and permission taken from the connection.
        The admins and the sender default to those of the request the connection came
        from. Importing the admin's reply (spconnect import REPLY, which asks for the
        passphrase) makes the new certificate pending; the next renew proves it (a token
        and each site) and only then makes it current and the old one the previous.

        When the connection was exported to Azure Key Vault (export --to azure-keyvault),
        a renewal imports the new certificate there as a new version of the same
        certificate, with the token from --token-command or SPCONNECT_KEYVAULT_TOKEN;
        --ca-file and --timeout serve Entra, Graph and the vault alike. If that fails
        the renewal still stands: a warning names the export to run again.

        Exit codes: 0 done, 1 failed (the error says what state it left), 2 usage error.

        Examples:
          spconnect renew contoso-reports
          spconnect renew contoso-reports --retire
          spconnect renew contoso-reports --days 180 --key-size 4096 --json
          spconnect renew contoso-reports --via-admin --admin it@contoso.com
          spconnect renew contoso-reports --via-admin --cc dana@contoso.com --open
          spconnect renew gov-reports --authority-host login.microsoftonline.us \\
            --graph-host graph.microsoft.us
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name.", valueName: "connection"))
    var connection: String

    @Flag(name: .long, help: "Remove the previous certificate from the app (Graph removeKey) and the store.")
    var retire = false

    @Flag(name: .customLong("via-admin"), help: "Email the tenant admin a request to add a new certificate to this app (by its client ID), removing nothing.")
    var viaAdmin = false

    @Option(name: .long, help: ArgumentHelp("With --via-admin: the admin's email address (repeat for several; default: the original request's admins).", valueName: "email"))
    var admin: [String] = []

    @Option(name: .long, help: ArgumentHelp("With --via-admin: a copy to this address (repeatable).", valueName: "email"))
    var cc: [String] = []

    @Option(name: .long, help: ArgumentHelp("With --via-admin: you, as the email's sender: \"Name <address>\" (default: from in config.toml).", valueName: "address"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("With --via-admin: the API the app's permission is for, sharepoint, graph or both (default: the original request's).", valueName: "api"))
    var api: String?

    @Option(name: .long, help: ArgumentHelp("The new certificate's validity in days, 1 to 365.", valueName: "n"))
    var days = 365

    @Option(name: .customLong("key-size"), help: ArgumentHelp("The new RSA key's size: 2048, 3072 or 4096.", valueName: "n"))
    var keySize = 3072

    @Option(name: .customLong("key"), help: ArgumentHelp("Use this existing RSA key (PEM, unencrypted) for the new certificate instead of generating one.", valueName: "file"))
    var keyFile: String?

    @Option(name: .customLong("site"), help: ArgumentHelp("A site to prove the new certificate on instead of the connection's (repeatable).", valueName: "url"))
    var sites: [String] = []

    @Option(name: .customLong("graph-host"), help: ArgumentHelp("Use this Microsoft Graph host (and port) instead of the cloud's.", valueName: "host"))
    var graphHost: String?

    @OptionGroup var entra: EntraCallOptions

    @OptionGroup var keyVault: KeyVaultAccessOptions

    @OptionGroup var delivery: DeliveryOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        guard (1...365).contains(days) else { throw ValidationError("--days must be 1 to 365: Graph's addKey refuses a certificate valid for longer.") }
        guard [2048, 3072, 4096].contains(keySize) else { throw ValidationError("--key-size must be 2048, 3072 or 4096.") }
        if retire, days != 365 || keySize != 3072 || keyFile != nil { throw ValidationError("--retire makes no certificate: leave out --days, --key-size and --key.") }
        if retire, let flag = keyVault.givenFlags.first {
            throw ValidationError("\(flag) is for importing a renewed certificate into Azure Key Vault; --retire imports nothing: leave it out.")
        }
        if let api, !["sharepoint", "graph", "both"].contains(api) { throw ValidationError("--api must be sharepoint, graph or both.") }
        if viaAdmin {
            if retire { throw ValidationError("--via-admin asks the admin to add a certificate; --retire removes one with Graph: give one of them.") }
            let graphOnly = [sites.isEmpty ? nil : "--site", graphHost.map { _ in "--graph-host" }, entra.authorityHost.map { _ in "--authority-host" },
                             entra.caFile.map { _ in "--ca-file" }, entra.timeout != 30 ? "--timeout" : nil]
                .compactMap { $0 } + keyVault.givenFlags
            if let flag = graphOnly.first { throw ValidationError("\(flag) is for a renewal through Graph; --via-admin sends an email instead: leave it out.") }
        } else {
            let requestOnly = [admin.isEmpty ? nil : "--admin", cc.isEmpty ? nil : "--cc", from.map { _ in "--from" }, api.map { _ in "--api" }].compactMap { $0 }
            if let first = requestOnly.first {
                throw ValidationError("\(first) is for --via-admin (a request to the admin); add --via-admin, or leave it out.")
            }
            if delivery.isGiven { throw ValidationError("the delivery options (--transport, --smtp-host, --open…) are for --via-admin; add --via-admin, or leave them out.") }
        }
        for site in sites {
            do { try VerifyConnection.checkSite(site) } catch { throw ValidationError("--site \(site): \(error.shownReason)") }
        }
    }

    func run() throws {
        if viaAdmin { return try runViaAdmin() }
        let environment = global.environment()
        var options = RenewConnection.Options()
        options.verify.sites = SiteOption.reduced(sites, notify: environment.notify)
        entra.apply(to: &options.verify)
        options.graphHost = graphHost
        options.days = days
        options.keySize = keySize
        options.keyFile = keyFile
        options.retire = retire
        options.keyVault = keyVault.access(caFile: entra.caFile, timeout: entra.timeout)
        if !json { Console.out((retire ? "Retiring the previous certificate of " : "Renewing the certificate of ") + connection) }
        let report = try RenewConnection(connection: connection, options: options).run(in: environment) { step in
            if !json { Console.out("\(step.outcome == .ok ? "ok  " : "FAIL")  \(step.name.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(step.summary)") }
        }
        if let vault = report.keyVault, !vault.imported {
            // The renewal stands; the vault still holds the old certificate.
            // The same access as this renew's: its token command (not a secret), private endpoint and CA file.
            let access = [keyVault.tokenCommand.map { ["--token-command", $0] }, keyVault.connectTo.map { ["--connect-to", $0] },
                          entra.caFile.map { ["--ca-file", $0] }, entra.timeout != 30 ? ["--timeout", entra.timeout == entra.timeout.rounded() ? String(Int(entra.timeout)) : "\(entra.timeout)"] : nil]
                .compactMap { $0 }.flatMap { $0 }
            let retry = PasteableCommand.spconnect(home: global.home, ["export", connection, "--to", "azure-keyvault", "--vault", vault.vault,
                                                                       "--certificate-name", vault.certificateName] + access)
            Console.warn("the new certificate is current, but Azure Key Vault \(vault.vault) still holds the old one (\(vault.problem ?? "the import failed")); import it with: \(retry)")
        }
        if json {
            Console.out(report.json.rendered)
        } else {
            if let history = report.history { Console.out(history.text) }
            Console.out(report.outcome == .renewed
                        ? "Renewed: the new certificate is current. " + Self.retireAdvice(connection, home: global.home, objectIDKnown: report.objectIDKnown,
                                                                                            previous: report.history?.entries.first { $0.role == "previous" }?.thumbprintSHA1)
                        : "Retired: only the current certificate is registered.")
        }
    }

    /// How to retire the previous certificate once nothing uses it: `renew --retire` with an
    /// Object ID (Graph's removeKey needs it); without one, through the admin, or after recording it.
    static func retireAdvice(_ connection: String, home: String?, objectIDKnown: Bool, previous: String?) -> String {
        if objectIDKnown {
            return "Retire the previous one once nothing uses it: \(PasteableCommand.spconnect(home: home, ["renew", connection, "--retire"]))"
        }
        return "Once nothing uses the previous one, ask the admin to remove certificate \(previous ?? "(the previous one)") in the portal "
            + "(App registrations › the app › Certificates & secrets), or first record the app's Object ID "
            + "(\(PasteableCommand.spconnect(home: home, ["connection", "set", connection, "--object-id", "GUID"]))) so that renew can retire it."
    }

    /// `--via-admin`: the renewal request, delivered as `request` delivers.
    private func runViaAdmin() throws {
        var renewal = RenewViaAdmin(connection: connection)
        renewal.admins = admin
        renewal.cc = cc
        renewal.from = from
        renewal.days = days
        renewal.keySize = keySize
        renewal.keyFile = keyFile
        renewal.api = api
        renewal.delivery = delivery.setup
        let outcome = try renewal.run(in: global.environment(json: json))
        if !json {
            Console.out("Renewal request \(outcome.delivered.outcome.request.id) for connection \(outcome.connection): the admin's scripts add the new certificate to the app \(outcome.clientID) and remove nothing.")
        }
        try delivery.present(outcome.delivered, json: json, home: global.home)
    }
}
