import ArgumentParser
import Certificates
import Common
import Workflow
import Domain

/// `spconnect log`: the store's append-only audit log.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the audit log: every change to the store, oldest first.",
        discussion: """
        The log is append-only (SQLite itself refuses to change or remove a line) and
        holds no secret: requests made, sent, failed, cancelled, discarded, their
        recipients changed; connections created, changed, renamed, deleted, verified;
        keys exported.

        Examples:
          spconnect log
          spconnect log --subject contoso-reports
          spconnect log --json | jq '.entries[] | select(.action == "key.exported")'
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only the lines about this request ID or connection name.", valueName: "name-or-id"))
    var subject: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let entries = try ReadAuditLog(subject: subject).run(in: global.environment())
        if json {
            Console.out(JSONValue.renderList(key: "entries", entries) { entry in
                .members([
                    "id": entry.id.map { JSONValue.int(Int($0)) },
                    "at": .string(ISO8601.string(entry.at)),
                    "action": .string(entry.action),
                    "subject": .string(entry.subject),
                    "detail": .string(entry.detail),
                ])
            })
            return
        }
        if entries.isEmpty {
            Console.out(subject == nil ? "The audit log is empty." : "No line of the audit log is about \(subject!).")
            return
        }
        Console.out(TextTable.render(header: ["AT", "ACTION", "SUBJECT", "DETAIL"],
                                     rows: entries.map { [ISO8601.string($0.at), $0.action, $0.subject, $0.detail] }))
    }
}
