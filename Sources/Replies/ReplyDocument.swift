/// One text of a reply, decoded and normalized, in which values are looked for: the
/// whole input when it is plain text, or each text part of a message.
public struct ReplyDocument: Sendable {
    /// What this text is: `text`, `text/plain part`, `text/html part`, `Subject`…
    public let name: String
    /// The text as UTF-8, line breaks as LF (see ``TextNormalizer``).
    public let text: [UInt8]
    /// The level of its first line: 0 for the message itself, 1 for a message attached
    /// to it or an attachment; values in a less deep text win.
    public let baseLevel: Int

    public init(name: String, text: [UInt8], baseLevel: Int) {
        self.name = name
        self.text = text
        self.baseLevel = baseLevel
    }
}
