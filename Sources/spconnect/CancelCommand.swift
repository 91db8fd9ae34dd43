import ArgumentParser
import Workflow

/// `spconnect cancel`: withdraw a pending request.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a pending request and delete its sealed key.",
        discussion: """
        Examples:
          spconnect cancel SPC-7K3D-Q9XA
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The request's ID.", valueName: "request"))
    var request: String

    func run() throws {
        let record = try global.openStore().cancelRequest(request)
        Console.out("Request \(record.id) is cancelled; its key was deleted. Tell the admin it is no longer needed if you already sent it.")
    }
}
