import ArgumentParser
import Common
import Workflow

/// `spconnect exec`: run a program with the connection in its environment, as Azure's SDKs read it.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with the connection in its environment (AZURE_* variables).",
        discussion: """
        Unlocks the store (SPCONNECT_PASSPHRASE_FILE, SPCONNECT_PASSPHRASE or a prompt)
        and runs COMMAND with the variables azure-identity's EnvironmentCredential (and
        DefaultAzureCredential) reads: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST
        (the cloud's login host, or --authority-host) and AZURE_CLIENT_CERTIFICATE_PATH, and
        SPCONNECT_SITES (the connection's sites, separated by spaces).

        The certificate and key never touch a disk: on Linux they are one PEM in an
        anonymous memory file that COMMAND inherits as descriptor 3 and opens as
        /proc/self/fd/3 (no password; AZURE_CLIENT_CERTIFICATE_PASSWORD is not set). On
        other systems they are a file in a private temporary folder, the key encrypted with
        a random password given in AZURE_CLIENT_CERTIFICATE_PASSWORD, removed when COMMAND
        ends. COMMAND gets no other descriptor but 0, 1 and 2, none of spconnect's secret
        variables (SPCONNECT_PASSPHRASE…) and no AZURE_CLIENT_SECRET, AZURE_USERNAME or
        AZURE_PASSWORD. Nothing secret is put in any argument.

        A signal sent to spconnect (kill, a supervisor's SIGTERM) is passed on to COMMAND;
        the terminal's ^C reaches it directly. spconnect exits with COMMAND's status, or
        128 + the signal's number when a signal ended it (130 for SIGINT, 143 for SIGTERM),
        127 when COMMAND is not found, 126 when it cannot be run.

        Examples:
          spconnect exec contoso-reports -- python3 report.py
          spconnect exec gov-reports --authority-host login.microsoftonline.us \\
            -- python3 report.py
          spconnect exec contoso-reports -- sh -c 'echo "$SPCONNECT_SITES"'
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name.", valueName: "connection"))
    var connection: String

    @Option(name: .customLong("authority-host"), help: ArgumentHelp("Set AZURE_AUTHORITY_HOST to this login host (and port) instead of the cloud's.", valueName: "host"))
    var authorityHost: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty, !command[0].isEmpty else {
            throw ValidationError("give the command after --, e.g. spconnect exec \(PasteableCommand.shellWord(connection)) -- python3 report.py")
        }
        do { try VerifyConnection.checkAuthorityHost(authorityHost) } catch { throw ValidationError("\(error.reason); \(error.shownHint ?? "")") }
    }

    func run() throws {
        let run = RunWithConnection(connection: connection, command: command, authorityHost: authorityHost)
        let status: Int32
        do {
            status = try run.run(in: global.environment())
        } catch let error as SpconnectError where error.code == .commandNotStarted {
            Console.report(error)
            throw ExitCode(error.facts[.problem] == "notFound" ? 127 : 126)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
