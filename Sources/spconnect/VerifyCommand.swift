import ArgumentParser
import Certificates
import Common
import OpenSSLSupport
import Workflow

/// `spconnect verify`: prove a connection against Entra ID and SharePoint.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove a connection: a token from Entra ID, then a SharePoint call.",
        discussion: """
        Unlocks the store (SPCONNECT_PASSPHRASE_FILE, SPCONNECT_PASSPHRASE or a prompt),
        signs a client assertion with the connection's key (PS256 with x5t#S256; after
        AADSTS700027 it tries once more with RS256 and x5t), asks the tenant's token
        endpoint for an app-only token for each SharePoint host, and reads each site's
        title with it. Each check is reported, with the token's roles and expiry; a
        failed check says what to do and who must act (you or your admin).

        HTTPS goes through libcurl with certificate checks always on. The proxy variables
        are honoured as libcurl does (https_proxy, all_proxy, no_proxy); --ca-file adds a
        CA (a TLS-inspecting proxy's, or a private endpoint's) to the system's trust.

        Exit codes: 0 every check passed, 3 a check failed, 1 verify could not start
        (no such connection, wrong passphrase), 2 usage error.

        Examples:
          spconnect verify contoso-reports
          spconnect verify contoso-reports \\
            --site https://contoso.sharepoint.com/sites/finance
          spconnect verify contoso-reports --assertion rs256 --json
          spconnect verify gov-reports --authority-host login.microsoftonline.us \\
            --ca-file corp-ca.pem
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name.", valueName: "connection"))
    var connection: String

    @Option(name: .customLong("site"), help: ArgumentHelp("A site to call instead of the connection's (repeatable).", valueName: "url"))
    var sites: [String] = []

    // Optional, so the help keeps saying "(default: ps256)" in the value's own spelling.
    @Option(name: .long, help: ArgumentHelp("ps256 (x5t#S256) or rs256 (x5t). (default: ps256)", valueName: "ps256|rs256"))
    var assertion: SignatureScheme?

    @OptionGroup var entra: EntraCallOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        for site in sites {
            do { try VerifyConnection.checkSite(site) } catch { throw ValidationError("--site \(site): \(error.shownReason)") }
        }
    }

    func run() throws {
        let environment = global.environment()
        var options = ConnectionVerifier.Options()
        options.sites = SiteOption.reduced(sites, notify: environment.notify)
        options.scheme = assertion ?? .ps256
        entra.apply(to: &options)
        let verification = VerifyConnection(connection: connection, options: options)
        let report = try verification.run(in: environment) { record in
            if !json { Console.out(VerificationReport.heading(record)) }
        } progress: { step in
            if !json { Console.out(step.text) }
            if let error = step.error { Console.report(error) }
        }
        for warning in report.warnings { Console.warn(warning) }
        Console.out(json ? report.json.rendered : report.verdict)
        if !report.passed { throw ExitCode(3) }
    }
}

