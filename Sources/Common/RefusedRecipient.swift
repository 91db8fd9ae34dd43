/// A recipient an SMTP server refused, with its reply: a fact of a mail error.
public struct RefusedRecipient: Sendable, Equatable, CustomStringConvertible {
    /// The address as it was given to the server (`RCPT TO`).
    public let address: String
    /// The reply code, such as 550 or 450; 0 when the server never answered.
    public let code: Int
    /// The server's text.
    public let reply: String

    /// Whether the refusal is temporary (a 4xx reply).
    public var isTemporary: Bool { code >= 400 && code < 500 }

    public init(address: String, code: Int, reply: String) {
        self.address = address
        self.code = code
        self.reply = reply
    }

    public var description: String { "\(address) (\(code) \(reply))" }
}
