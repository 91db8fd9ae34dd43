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

        Exit codes: 0 done, 1 failed (the error says what state it left), 2 usage error.

        Examples:
          spconnect renew contoso-reports
          spconnect renew contoso-reports --retire
          spconnect renew contoso-reports --days 180 --key-size 4096 --json
          spconnect renew gov-reports --authority-host login.microsoftonline.us \\
            --graph-host graph.microsoft.us
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name.", valueName: "connection"))
    var connection: String

    @Flag(name: .long, help: "Remove the previous certificate from the app (Graph removeKey) and the store.")
    var retire = false

    @Option(name: .long, help: ArgumentHelp("The new certificate's validity in days, 1 to 365.", valueName: "n"))
    var days = 365

    @Option(name: .customLong("key-size"), help: ArgumentHelp("The new RSA key's size: 2048, 3072 or 4096.", valueName: "n"))
    var keySize = 3072

    @Option(name: .customLong("key"), help: ArgumentHelp("Use this existing RSA key (PEM, unencrypted) for the new certificate instead of generating one.", valueName: "file"))
    var keyFile: String?

    @Option(name: .customLong("site"), help: ArgumentHelp("A site to prove the new certificate on instead of the connection's (repeatable).", valueName: "url"))
    var sites: [String] = []

    @Option(name: .customLong("authority-host"), help: ArgumentHelp("Use this login host (and port) instead of the cloud's.", valueName: "host"))
    var authorityHost: String?

    @Option(name: .customLong("graph-host"), help: ArgumentHelp("Use this Microsoft Graph host (and port) instead of the cloud's.", valueName: "host"))
    var graphHost: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Also trust the CA certificates in this PEM file.", valueName: "file"))
    var caFile: String?

    @Option(name: .long, help: ArgumentHelp("Seconds allowed for each HTTPS exchange.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds.") }
        guard (1...365).contains(days) else { throw ValidationError("--days must be 1 to 365: Graph's addKey refuses a certificate valid for longer.") }
        guard [2048, 3072, 4096].contains(keySize) else { throw ValidationError("--key-size must be 2048, 3072 or 4096.") }
        if retire, days != 365 || keySize != 3072 || keyFile != nil { throw ValidationError("--retire makes no certificate: leave out --days, --key-size and --key.") }
        for site in sites {
            do { try VerifyConnection.checkSite(site) } catch { throw ValidationError("--site \(site): \(error.shownReason)") }
        }
        do { try VerifyConnection.checkAuthorityHost(authorityHost) } catch { throw ValidationError("\(error.shownReason); \(error.shownHint ?? "")") }
    }

    func run() throws {
        let environment = global.environment()
        var options = RenewConnection.Options()
        options.verify.sites = SiteOption.reduced(sites, notify: environment.notify)
        options.verify.authorityHost = authorityHost
        options.verify.caFile = caFile
        options.verify.timeout = timeout
        options.graphHost = graphHost
        options.days = days
        options.keySize = keySize
        options.keyFile = keyFile
        options.retire = retire
        if !json { Console.out((retire ? "Retiring the previous certificate of " : "Renewing the certificate of ") + connection) }
        let report = try RenewConnection(connection: connection, options: options).run(in: environment) { step in
            if !json { Console.out("\(step.outcome == .ok ? "ok  " : "FAIL")  \(step.name.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(step.summary)") }
        }
        if json {
            Console.out(report.json.rendered)
        } else {
            if let history = report.history { Console.out(history.text) }
            Console.out(report.outcome == .renewed
                        ? "Renewed: the new certificate is current. Retire the previous one once nothing uses it: spconnect renew \(connection) --retire"
                        : "Retired: only the current certificate is registered.")
        }
    }
}
