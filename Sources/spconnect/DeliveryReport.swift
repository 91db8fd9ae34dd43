import Common
import Mail
import Vault
import Workflow

/// What `request` and `send` print about a delivery.
struct DeliveryReport {
    let outcome: RequestDelivery.Outcome
    let transport: TransportChoice
    let location: StoreLocation

    var destination: String? {
        switch outcome.receipt?.destination {
        case .outbox(let path): path
        case .smtp(let server): server
        case nil: nil
        }
    }

    func print(json: Bool, extra: [String: String]) {
        let request = outcome.request
        if json {
            var delivery: KeyValuePairs<String, JSONValue?> {
                ["transport": .string(transport.rawValue), "destination": .optional(destination),
                 "serverReply": .optional(outcome.receipt?.serverReply), "error": .optional(outcome.failure?.reason),
                 "rejectedRecipients": outcome.failure.map { .strings($0.rejectedRecipients.map(\.address)) }]
            }
            Console.out(JSONValue.members([
                "id": .string(request.id), "status": .string(request.status.rawValue), "thumbprint": .string(request.thumbprint),
                "tenant": .string(request.tenant), "appName": .string(request.appName), "messageID": .optional(request.messageID),
                "outbox": .optional(transport == .outbox ? destination : nil), "delivery": JSONValue.members(delivery),
            ]).rendered)
            return
        }
        for (label, value) in extra.sorted(by: { $0.key < $1.key }) { Console.out(label + value) }
        Console.out("Request:            \(request.id) (\(request.status.rawValue))")
        Console.out("Thumbprint (SHA-1): \(request.thumbprint)")
        if outcome.failure != nil { return }
        switch transport {
        case .outbox:
            Console.out("Email:              \(destination ?? "")")
            Console.out("""

                The email is a draft (X-Unsent: 1): open it in Outlook or Thunderbird, check it and send it
                to \(request.admins.joined(separator: ", ")). To have spconnect send it, configure [smtp] in
                \(location.configPath) and run: spconnect send \(request.id)
                """)
        case .smtp:
            Console.out("Sent to:            \(request.admins.joined(separator: ", ")) via \(destination ?? "")")
            if let reply = outcome.receipt?.serverReply { Console.out("Server said:        \(reply)") }
        }
        Console.out("\nWhen the admin replies, run: spconnect import REPLY.eml (or paste the reply: spconnect import -)")
    }
}

/// A delivery that failed; the request was kept as `failed`.
struct DeliveryFailed: UserFacingError {
    let failure: MailError
    let requestID: String

    var reason: String { failure.reason }

    var hint: String? {
        let retry = failure.isTemporary
            ? "the request and its key are kept (status failed); try again with: spconnect send \(requestID)"
            : "the request and its key are kept (status failed); once that is fixed, send it with: spconnect send \(requestID)"
        return [failure.hint, retry].compactMap { $0 }.joined(separator: "; ")
    }
}
