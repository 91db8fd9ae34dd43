#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Common
import Workflow

/// The `spconnect` command line.
@main
struct SPConnect: ParsableCommand {
    static let version = SpconnectVersion.string

    static let configuration = CommandConfiguration(
        commandName: "spconnect",
        abstract: "A SharePoint Online connection for people who are not tenant admins.",
        discussion: """
        spconnect makes a certificate whose private key never leaves this machine,
        emails your tenant admin exact instructions with the public certificate,
        reads the IDs the admin sends back and keeps the connection encrypted.

        Examples:
          spconnect request --tenant contoso.onmicrosoft.com --admin it@contoso.com \\
            --site https://contoso.sharepoint.com/sites/reports \\
            --from "Dana <dana@contoso.com>"
          spconnect requests
          spconnect init
          spconnect import reply.eml
          spconnect connections --expiring 30
          spconnect status --within 30
          spconnect export contoso-reports --format pfx --out contoso-reports.pfx
          spconnect instructions SPC-7K3D-Q9XA --format powershell \\
            --out register-app.ps1
          spconnect verify contoso-reports
          curl -H "Authorization: Bearer $(spconnect token contoso-reports)" \\
            "https://contoso.sharepoint.com/sites/reports/_api/web?\\$select=Title"
          spconnect exec contoso-reports -- python3 report.py
          spconnect connection rename contoso-reports reports-prod
          spconnect log
          spconnect cert new --name contoso-reports
          spconnect cert inspect contoso-reports.cer
          spconnect cert new --name ci-bot --key-size 4096 --days 180 --json

        Exit codes: 0 success, 1 the operation failed, 2 usage error (every one),
        3 verification failed. Errors are written to standard error; with --json also
        as one document on standard output: {"error": {"code", "message", "hint"}}.
        """,
        version: "spconnect \(version)",
        subcommands: [
            InitCommand.self, RequestCommand.self, RequestsCommand.self, SendCommand.self, InstructionsCommand.self,
            ImportCommand.self, ConnectionsCommand.self, StatusCommand.self, ShowCommand.self, VerifyCommand.self, RenewCommand.self, TokenCommand.self, ExecCommand.self, ExportCommand.self,
            CancelCommand.self, CertCommand.self, RekeyCommand.self, PassphraseCommand.self,
            TemplatesCommand.self, ConnectionCommand.self, LogCommand.self,
        ]
    )

    /// `--home` may stand before the command, as in `spconnect --home DIR init`.
    @OptionGroup var global: GlobalOptions

    static func main() {
        ProcessHardening.apply()
        // A closed pipe (spconnect … | head) must not kill the process mid-write.
        signal(SIGPIPE, SIG_IGN)
        do {
            try UnknownCommand.check()
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Exit codes (2 for every usage error) and JSON errors: decided in one place.
            ErrorReport.exit(for: error)
        }
    }
}
