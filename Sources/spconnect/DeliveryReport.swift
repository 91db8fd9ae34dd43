import Common
import Mail
import Vault
import Workflow

/// What `request` and `send` print about a delivery.
struct DeliveryReport {
    let delivered: DeliveredRequest
    /// The `--home` the user gave, carried into the commands printed to paste.
    let home: String?

    var outcome: RequestDelivery.Outcome { delivered.outcome }
    var transport: TransportChoice { delivered.transport }
    var location: StoreLocation { delivered.location }

    var destination: String? {
        switch outcome.receipt?.destination {
        case .outbox(let path): path
        case .smtp(let server): server
        case nil: nil
        }
    }

    /// The `--json` document: the request as `requests --json` lists it, with this delivery.
    var summary: RequestSummary {
        var summary = RequestSummary(outcome.request)
        summary.outbox = transport == .outbox ? destination : nil
        summary.delivery = RequestSummary.Delivery(transport: transport.rawValue, destination: destination,
                                                   serverReply: outcome.receipt?.serverReply, error: outcome.failure?.shownReason,
                                                   rejectedRecipients: outcome.failure.map { $0.facts.refusedRecipients.map(\.address) })
        if delivered.openedWith != nil || delivered.openFailure != nil {
            summary.delivery?.opened = RequestSummary.Opened(opener: delivered.openedWith ?? delivered.openFailure?.facts[.command] ?? "",
                                                             error: delivered.openFailure?.reason)
        }
        return summary
    }

    func print(json: Bool) {
        let request = outcome.request
        if json {
            Console.out(JSONOutput.string(summary))
            return
        }
        let recipients = request.admins.joined(separator: ", ") + (request.cc.isEmpty ? "" : " (cc \(request.cc.joined(separator: ", ")))")
        Console.out("Request:            \(request.id) (\(request.status.rawValue))")
        Console.out("Thumbprint (SHA-1): \(request.thumbprint)")
        if outcome.failure != nil { return }
        switch transport {
        case .outbox:
            Console.out("Email:              \(destination ?? "")")
            if let opener = delivered.openedWith { Console.out("Opened with:        \(opener)") }
            Console.out("""

                The email is a draft for you to send to \(recipients): Outlook (classic) and Thunderbird
                open it ready to send; other mail programs: README, "Sending the draft yourself".
                Once sent, run: \(PasteableCommand.spconnect(home: home, ["send", request.id, "--mark-sent"]))
                To have spconnect send it, configure [smtp] in \(location.configPath)
                and run: \(PasteableCommand.spconnect(home: home, ["send", request.id]))
                """)
        case .smtp:
            Console.out("Sent to:            \(recipients) via \(destination ?? "")")
            if let reply = outcome.receipt?.serverReply { Console.out("Server said:        \(reply)") }
        }
        Console.out("\nWhen the admin replies, run: \(PasteableCommand.spconnect(home: home, ["import", "REPLY.eml"])) "
                    + "(or paste the reply: \(PasteableCommand.spconnect(home: home, ["import", "-"])))")
    }
}

/// A delivery that failed; the request was kept as `failed`.
struct DeliveryFailed: UserFacingError {
    let failure: MailError
    let requestID: String
    let home: String?

    var reason: String { failure.shownReason }

    var hint: String? {
        let send = PasteableCommand.spconnect(home: home, ["send", requestID])
        let retry = failure.facts.isTemporary
            ? "the request and its key are kept (status failed); try again with: \(send)"
            : "the request and its key are kept (status failed); once that is fixed, send it with: \(send)"
        return [failure.shownHint, retry].compactMap { $0 }.joined(separator: "; ")
    }
}
