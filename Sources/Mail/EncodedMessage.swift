import MIME

/// A message in its final form (CRLF lines, none over 998 octets) with its envelope.
public struct EncodedMessage: Sendable {
    /// The request this message belongs to; the outbox file is `<reference>.eml`.
    public let reference: String
    public let messageID: MessageID
    /// `MAIL FROM`: the From address.
    public let envelopeFrom: String
    /// `RCPT TO`: the To and Cc addresses, each once.
    public let recipients: [String]
    /// The RFC 5322 message.
    public let bytes: [UInt8]

    init(reference: String, messageID: MessageID, envelopeFrom: String, recipients: [String], bytes: [UInt8]) {
        self.reference = reference
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.bytes = bytes
    }

    /// The same message with one header line put in front (for the outbox's `X-Unsent: 1`).
    func prepending(_ header: HeaderField) -> EncodedMessage {
        EncodedMessage(reference: reference, messageID: messageID, envelopeFrom: envelopeFrom, recipients: recipients,
                       bytes: header.rendered() + bytes)
    }

    /// The message as a draft: `X-Unsent: 1` in front (unless it has one), so Outlook opens
    /// it ready to send instead of as a received message.
    public var draft: EncodedMessage {
        hasHeader("X-Unsent") ? self : prepending(HeaderField(name: "X-Unsent", tokens: ["1"]))
    }

    /// Whether the header section already has a field with this name.
    func hasHeader(_ name: String) -> Bool {
        let wanted = Array((name.lowercased() + ":").utf8)
        var lineStart = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D && bytes[index + 1] == 0x0A {
                if index == lineStart { return false }
                let line = bytes[lineStart..<index].prefix(wanted.count).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
                if line == wanted { return true }
                lineStart = index + 2
                index += 2
            } else {
                index += 1
            }
        }
        return false
    }
}
