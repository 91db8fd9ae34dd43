import ArgumentParser
import Workflow
import Domain

/// `spconnect show`: one connection or request.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a connection (by name) or a request (by ID).",
        discussion: """
        For a connection, also prints ready-to-paste use of what export writes: PnP
        PowerShell, CLI for Microsoft 365, MSAL Python and MSAL Node.

        Examples:
          spconnect show contoso-reports
          spconnect show SPC-7K3D-Q9XA --json
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A connection's name or a request's ID.", valueName: "name-or-id"))
    var target: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        switch try ShowRecord(target: target).run(in: global.environment()) {
        case .connection(let connection):
            let summary = ConnectionSummary(connection)
            let history = CertificateHistory(connection)
            if json {
                Console.out(summary.json.adding("certificates", history.json).rendered)
            } else {
                Console.out(summary.text + "\n" + history.text + "\n\n" + ConnectionHandOff(connection, home: global.home).text)
            }
        case .request(let request):
            let summary = RequestSummary(request)
            Console.out(json ? JSONOutput.string(summary) : summary.text)
        }
    }
}
