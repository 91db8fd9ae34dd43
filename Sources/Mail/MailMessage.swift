/// An email to be encoded: multipart/mixed holding a multipart/alternative (plain text
/// and HTML) and the attachments.
///
/// Every value is checked when the message is made, so an invalid message cannot exist:
/// addresses and names through ``Mailbox``, the Message-ID through ``MessageID``, and
/// here the subject, the reference (the outbox file name) and the recipients.
public struct MailMessage: Sendable {
    public let from: Mailbox
    public let to: [Mailbox]
    public let cc: [Mailbox]
    public let replyTo: Mailbox?
    public let subject: String
    public let date: MailDate
    /// Kept with the request, so every re-send carries the same one.
    public let messageID: MessageID
    /// The request this message belongs to, such as `SPC-7K3D-Q9XA`; the outbox file is `<reference>.eml`.
    public let reference: String
    public let textBody: String
    public let htmlBody: String
    public let attachments: [MailAttachment]
    /// Extra headers, written after the standard ones.
    public let extraHeaders: [MailHeader]

    /// The longest subject accepted, in characters.
    public static let maximumSubjectLength = 512

    public init(from: Mailbox, to: [Mailbox], cc: [Mailbox] = [], replyTo: Mailbox? = nil, subject: String,
                date: MailDate = .now(), messageID: MessageID, reference: String, textBody: String, htmlBody: String,
                attachments: [MailAttachment] = [], extraHeaders: [MailHeader] = []) throws(MailError) {
        guard !to.isEmpty else {
            throw MailError(.noRecipients, "a message needs at least one recipient", location: "To")
        }
        try HeaderText.refuseControls(subject, field: "subject")
        guard subject.count <= Self.maximumSubjectLength else {
            throw MailError(.tooLong, "the subject is longer than \(Self.maximumSubjectLength) characters", location: "subject")
        }
        try Self.checkReference(reference)
        var seen = Set<String>()
        for header in extraHeaders {
            guard seen.insert(header.name.lowercased()).inserted else {
                throw MailError(.invalidHeader, "is given twice", location: "header \(header.name)")
            }
        }
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.reference = reference
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.extraHeaders = extraHeaders
    }

    /// A reference is a safe file name: letters, digits, `.`, `_` and `-`, not starting with a dot.
    static func checkReference(_ reference: String) throws(MailError) {
        try HeaderText.refuseControls(reference, field: "request")
        let bytes = Array(reference.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 64 && bytes.first != UInt8(ascii: ".") && bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard valid else {
            throw MailError(.invalidReference, "'\(reference)' is not a request reference (letters, digits, '.', '_', '-')", location: "request")
        }
    }

    /// The envelope recipients: To then Cc, each address once.
    public var envelopeRecipients: [String] {
        var seen = Set<String>()
        return (to + cc).map(\.address.addrSpec).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The message as CRLF bytes, ready for a transport.
    public func encoded() throws(MailError) -> EncodedMessage {
        try MIMEEncoder.encode(self)
    }
}
