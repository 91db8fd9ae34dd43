import ArgumentParser
import Workflow

/// `spconnect connection rename OLD NEW`.
struct ConnectionRenameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Give a connection a new name.",
        discussion: """
        The key, the certificate and the IDs stay as they are. Names follow the rules
        of import --name: 1 to 64 characters, no '/', not starting with '-', not a
        request ID.

        Examples:
          spconnect connection rename contoso-reports reports-prod
          spconnect connection rename "Contoso reports" contoso-reports
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name (or its request ID).", valueName: "connection"))
    var connection: String

    @Argument(help: ArgumentHelp("The new name.", valueName: "new-name"))
    var newName: String

    @Flag(name: .long, help: "Print the connection as one JSON document.")
    var json = false

    func validate() throws {
        do {
            try RenameConnection.checkName(newName)
        } catch {
            throw ValidationError([error.shownReason, error.shownHint].compactMap { $0 }.joined(separator: "; "))
        }
    }

    func run() throws {
        let (old, record) = try RenameConnection(connection: connection, newName: newName).run(in: global.environment())
        if json {
            Console.out(ConnectionSummary(record).json.rendered)
            return
        }
        Console.out("Connection \(old) is now \(record.name).")
        Console.out("Next: \(PasteableCommand.spconnect(home: global.home, ["show", record.name]))")
    }
}
