import ArgumentParser
import Common
import Workflow

/// `spconnect connections`: the finished connections.
struct ConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "List connections, optionally only those whose certificate expires soon.",
        discussion: """
        Examples:
          spconnect connections
          spconnect connections --expiring 30
          spconnect connections --json
        """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Only connections whose certificate ends within this many days (expired ones too).", valueName: "days"))
    var expiring: Int?

    func validate() throws {
        if let expiring, expiring < 0 { throw ValidationError("--expiring takes a number of days, 0 or more.") }
    }

    func run() throws {
        let listings = try ListConnections(expiringWithin: expiring).run(in: global.environment())
        if json {
            Console.out(JSONValue.renderList(key: "connections", listings) { ConnectionSummary($0).json })
            return
        }
        let summaries = listings.map { ConnectionSummary($0) }
        if summaries.isEmpty {
            Console.out(expiring == nil ? "No connections yet. Import an admin's reply with: spconnect import REPLY.eml"
                                        : "No connection expires within \(expiring!) days.")
        } else {
            Console.out(TextTable.render(header: ["NAME", "TENANT", "CLIENT ID", "CLOUD", "UNTIL", "DAYS LEFT"], rows: summaries.map(\.row)))
        }
    }
}
