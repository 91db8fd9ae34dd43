import ArgumentParser
import Common
import Domain
import Entra
import OpenSSLSupport
import Workflow

/// `spconnect token`: print an app-only access token for a script (`curl`, `az rest`…).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print an access token from Entra ID, signed for with the connection's key.",
        discussion: """
        Unlocks the store (SPCONNECT_PASSPHRASE_FILE, SPCONNECT_PASSPHRASE or a prompt),
        signs a client assertion with the connection's key as verify does, and prints the
        app-only access token alone on standard output, for a script. Nothing is written
        to disk and the token is never logged; anyone who reads it can act as the app
        until it expires (about an hour).

        --resource sharepoint (the default) asks for the SharePoint host of --site, else
        of the connection's first site; graph for the cloud's Microsoft Graph; any other
        https:// value is taken as the resource's application ID URI.

        With --json: one document, {"accessToken", "tokenType", "expiresOn", "resource"}.

        Exit codes: 0 a token was printed, 3 Entra ID refused (the error says why),
        1 token could not start (no such connection, wrong passphrase), 2 usage error.

        Examples:
          curl -H "Authorization: Bearer $(spconnect token contoso-reports)" \\
            -H "Accept: application/json;odata=nometadata" \\
            "https://contoso.sharepoint.com/sites/reports/_api/web?\\$select=Title"
          curl -H "Authorization: Bearer $(spconnect token contoso-reports \\
            --resource graph)" https://graph.microsoft.com/v1.0/sites/root
          spconnect token contoso-reports --json | jq -r .expiresOn
          spconnect token gov-reports --authority-host login.microsoftonline.us \\
            --ca-file corp-ca.pem
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name.", valueName: "connection"))
    var connection: String

    @Option(name: .long, help: ArgumentHelp("sharepoint, graph, or a resource's https:// URI. (default: sharepoint)", valueName: "sharepoint|graph|url"))
    var resource: String?

    @Option(name: .customLong("site"), help: ArgumentHelp("The site whose SharePoint host the token is for, instead of the connection's first.", valueName: "url"))
    var site: String?

    @OptionGroup var entra: EntraCallOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        if let resource {
            do { _ = try TokenResource(parsing: resource) } catch { throw ValidationError(error.shownReason) }
        }
        if let site {
            do { try VerifyConnection.checkSite(site) } catch { throw ValidationError("--site \(site): \(error.shownReason)") }
        }
    }

    func run() throws {
        let environment = global.environment(json: json)
        var options = ConnectionVerifier.Options()
        options.sites = site.map { SiteOption.reduced([$0], notify: environment.notify) } ?? []
        entra.apply(to: &options)
        let request = AcquireToken(connection: connection, resource: try resource.map(TokenResource.init(parsing:)) ?? .sharePoint, options: options)
        switch try request.run(in: environment) {
        case .issued(let token, let resource):
            if json {
                let document = JSONValue.members([
                    "accessToken": .string(token.bearerValue),
                    "tokenType": .string(token.tokenType),
                    "expiresOn": .optional(token.expiresAt.map(ISO8601.string)),
                    "resource": .string(resource),
                ])
                Console.out(document.rendered)
            } else {
                Console.out(token.bearerValue)
            }
        case .refused(let error, _):
            Console.report(error)
            if json { Console.out(ErrorReport(error).json.rendered) }
            throw ExitCode(3)
        }
    }
}
