import ArgumentParser
import Domain
import Workflow

/// `spconnect send`: deliver a request's email again, to the same or corrected recipients.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send (or re-send) a request's email, with the same Message-ID.",
        discussion: """
        For a request whose delivery failed, or one written to the outbox that you now want
        spconnect to send over SMTP. The email is rendered again from the stored request.
        --admin and --cc replace the request's recipients (a mistyped address, another
        admin); the change is kept and written to the audit log (spconnect log).
        --open writes the draft again and opens it in your mail program. Once you have sent
        the draft yourself, --mark-sent records it (the request becomes sent; nothing is
        sent).

        Examples:
          spconnect send SPC-7K3D-Q9XA
          spconnect send SPC-7K3D-Q9XA --transport smtp --verbose
          spconnect send SPC-7K3D-Q9XA --admin it-admin@contoso.com \\
            --cc dana@contoso.com
          spconnect send SPC-7K3D-Q9XA --open
          spconnect send SPC-7K3D-Q9XA --mark-sent
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The request's ID.", valueName: "request"))
    var request: String

    @Option(name: .long, help: ArgumentHelp("Send to this admin instead of the request's (repeatable; replaces them all).", valueName: "email"))
    var admin: [String] = []

    @Option(name: .long, help: ArgumentHelp("Copy to this address instead of the request's copies (repeatable; replaces them).", valueName: "email"))
    var cc: [String] = []

    @Flag(name: .customLong("no-cc"), help: "Send no copy (drops the request's --cc addresses).")
    var noCC = false

    @OptionGroup var delivery: DeliveryOptions

    @Flag(name: .customLong("mark-sent"), help: "Record that you sent the draft yourself, from your own mail program (sends nothing).")
    var markSent = false

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        if noCC && !cc.isEmpty {
            throw ValidationError("--no-cc and --cc contradict each other; give one.")
        }
        if markSent && delivery.isGiven {
            throw ValidationError("--mark-sent sends nothing: it takes no --transport, --open, --smtp-…, --verbose or --templates.")
        }
    }

    func run() throws {
        if markSent { return try recordSentByHand() }
        var send = SendRequest(request: request)
        send.admins = admin
        send.cc = cc
        send.dropCopies = noCC
        send.delivery = delivery.setup
        let delivered = try send.run(in: global.environment(json: json))
        try delivery.present(delivered, json: json, home: global.home)
    }

    /// `--mark-sent`: the request becomes sent, by hand.
    private func recordSentByHand() throws {
        var mark = MarkRequestSent(request: request)
        mark.admins = admin
        mark.cc = cc
        mark.dropCopies = noCC
        let outcome = try mark.run(in: global.environment(json: json))
        let id = outcome.request.id
        if json {
            var summary = RequestSummary(outcome.request)
            summary.alreadySent = !outcome.changed
            Console.out(JSONOutput.string(summary))
            return
        }
        if outcome.changed {
            Console.out("Request \(id) is marked sent (by hand; the audit log says so).")
        } else {
            Console.out("Request \(id) is marked sent already" + (outcome.request.sentAt.map { " (since \(ISO8601.string($0)))" } ?? "")
                        + "; nothing was changed.")
        }
        Console.out("When the admin replies, run: \(PasteableCommand.spconnect(home: global.home, ["import", "REPLY.eml"]))")
    }
}
