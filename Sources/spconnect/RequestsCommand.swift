import ArgumentParser
import Workflow

/// `spconnect requests`: the requests and where they stand.
struct RequestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "List requests: drafted, sent, failed, fulfilled, cancelled.",
        discussion: """
        Examples:
          spconnect requests
          spconnect requests --json \\
            | jq '.requests[] | select(.status == "failed") | .id'
        """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let summaries = try ListRequests().run(in: global.environment()).map { RequestSummary($0) }
        if json {
            Console.out(JSONOutput.string(["requests": summaries]))
        } else if summaries.isEmpty {
            Console.out("No requests yet. Make one with: spconnect request --tenant … --admin …")
        } else {
            Console.out(TextTable.render(header: ["REQUEST", "STATUS", "TENANT", "APP", "ADMINS", "CREATED"], rows: summaries.map(\.row)))
        }
    }
}
