import ArgumentParser
import Certificates
import Common
import Workflow

/// `spconnect status`: whether any certificate ends soon, as an exit code cron and CI act on.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Check whether any certificate ends soon: exit 0 fine, 1 ending, 2 expired.",
        discussion: """
        Lists each connection's certificate and each pending request's (drafted, sent
        or failed: the certificate the admin registers; import refuses a reply once it
        has expired), with the days left, soonest first. Reads the store only: no
        passphrase is asked for and nothing is changed.

        Exit codes, for cron and CI:
          0  every certificate is valid for more than the window (--within, 30 days)
          1  one ends within the window: renew it with spconnect renew NAME
          2  one has expired
        A usage error exits 2 too, and a failure (no store in the home folder) 1, each
        with a "spconnect: error:" line on standard error and nothing on standard
        output; with --json the document is then {"error": ...} instead of one with
        "state", which tells them apart. From cron or a systemd timer, give --home (or
        SPCONNECT_HOME): their environment is not your shell's.

        Examples:
          spconnect status
          spconnect status --within 14
          spconnect status --json
          spconnect status --json | jq -r '.connections[].state'
          spconnect --home ~/.local/share/spconnect status --within 45
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The warning window: a certificate that ends within this many days is ending.", valueName: "days"))
    var within = ExpiryState.defaultWindow

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        if within < 0 { throw ValidationError("--within takes a number of days, 0 or more.") }
    }

    func run() throws {
        let report = try CheckExpiry(window: within).run(in: global.environment(json: json))
        Console.out(json ? report.json.rendered : report.text(home: global.home))
        switch report.state {
        case .fine: return
        case .expiring: throw ExitCode(1)
        case .expired: throw ExitCode(2)
        }
    }
}
