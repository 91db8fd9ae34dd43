import ArgumentParser
import Workflow

/// `spconnect cancel`: withdraw a pending request.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a pending request, delete its sealed key and its outbox draft.",
        discussion: """
        The draft in $SPCONNECT_HOME/outbox/REQUEST.eml is deleted too, so a cancelled
        request cannot be sent by mistake; `instructions` still renders it, with a
        warning.

        Examples:
          spconnect cancel SPC-7K3D-Q9XA
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The request's ID.", valueName: "request"))
    var request: String

    func run() throws {
        let outcome = try CancelRequest(request: request).run(in: global.environment())
        let draft = outcome.draft
        if let problem = outcome.draftProblem {
            Console.warn("could not delete the draft \(draft) (\(problem)); delete it yourself, it must not be sent")
        }
        Console.out("Request \(outcome.request.id) is cancelled; its key was deleted" + (outcome.draftRemoved ? ", and its draft \(draft)." : ".")
                    + " Tell the admin it is no longer needed if you already sent it.")
    }
}
