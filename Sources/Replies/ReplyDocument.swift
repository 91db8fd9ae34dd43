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
    /// Why its values cannot be trusted without a check (an HTML style sheet that hides
    /// content by rules spconnect cannot apply), or nil.
    public let caution: String?

    public init(name: String, text: [UInt8], baseLevel: Int, caution: String? = nil) {
        self.name = name
        self.text = text
        self.baseLevel = baseLevel
        self.caution = caution
    }

    /// The text of an HTML document, with a caution when its style sheets hide content by
    /// rules that cannot be applied.
    static func html(name: String, _ html: [UInt8], baseLevel: Int) -> ReplyDocument {
        let (text, unapplied) = HTMLText.read(html)
        let caution = unapplied.isEmpty ? nil
            : "its style sheet hides content by rules spconnect cannot apply (\(unapplied.joined(separator: ", "))), so some of its text may be hidden from its reader"
        return ReplyDocument(name: name, text: TextNormalizer.normalize(text), baseLevel: baseLevel, caution: caution)
    }
}
