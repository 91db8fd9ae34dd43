import ArgumentParser
import Vault
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
        let store = try global.openStore()
        if let connection = try? store.connection(target) {
            let summary = ConnectionSummary(connection)
            Console.out(json ? summary.json.rendered : summary.text + "\n\n" + ConnectionHandOff(connection, home: global.home).text)
            return
        }
        guard RequestID.normalize(target, requiringPrefix: true) != nil else {
            throw VaultError(.notFound, "no connection or request \(target)",
                             hint: "list them with: spconnect connections, spconnect requests", location: target)
        }
        let summary = RequestSummary(try store.request(target))
        Console.out(json ? JSONOutput.string(summary) : summary.text)
    }
}
