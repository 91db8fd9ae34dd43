import MIME

/// An extra header such as `X-Unsent: 1`, checked so it cannot replace or smuggle a structural one.
public struct MailHeader: Sendable, Hashable {
    public let name: String
    public let value: String

    /// Headers the encoder writes itself; an extra header may not use these names.
    static let reserved: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "subject", "date", "message-id", "mime-version",
        "return-path", "received", "resent-from", "resent-to", "resent-cc", "resent-bcc", "resent-date",
        "resent-sender", "resent-message-id", "in-reply-to", "references",
    ]

    /// Checks the name (letters, digits and hyphens; not a structural header) and the value.
    public init(name: String, value: String) throws(MailError) {
        try HeaderText.refuseControls(name, field: "header name")
        let bytes = Array(name.utf8)
        let validName = !bytes.isEmpty && bytes.count <= 64 && bytes.allSatisfy { byte in
            EmailAddress.isAtext(byte) && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "?")
        }
        guard validName else {
            throw MailError(.invalidHeader, "'\(name)' is not a header name (letters, digits and hyphens)", location: "header name")
        }
        let lowered = name.lowercased()
        guard !Self.reserved.contains(lowered), !lowered.hasPrefix("content-") else {
            throw MailError(.invalidHeader, "'\(name)' is written by the encoder itself and cannot be given as an extra header",
                            location: "header \(name)")
        }
        try HeaderText.refuseControls(value, field: "header \(name)")
        guard value.count <= 512 else {
            throw MailError(.tooLong, "the value is longer than 512 characters", location: "header \(name)")
        }
        self.name = name
        self.value = value
    }

    var field: HeaderField { HeaderField(name: name, tokens: HeaderField.unstructuredTokens(value)) }
}
