/// What a transport did with a message.
public struct DeliveryReceipt: Sendable {
    /// Where the message went.
    public enum Destination: Sendable, Equatable {
        /// Written as a draft to this file.
        case outbox(path: String)
        /// Accepted by this SMTP server (`host:port`).
        case smtp(server: String)
    }

    public let messageID: MessageID
    public let destination: Destination
    /// The server's final reply, such as `250 2.0.0 Ok: queued as …` (nil for the outbox).
    public let serverReply: String?
    /// The recipients the server accepted (all of them: a refused one fails the delivery).
    public let acceptedRecipients: [String]
    /// The SMTP dialogue, AUTH lines redacted, when the settings asked for it.
    public let transcript: [String]

    public init(messageID: MessageID, destination: Destination, serverReply: String? = nil,
                acceptedRecipients: [String] = [], transcript: [String] = []) {
        self.messageID = messageID
        self.destination = destination
        self.serverReply = serverReply
        self.acceptedRecipients = acceptedRecipients
        self.transcript = transcript
    }
}
