/// One value found in a reply, and where.
public struct ReplyValue: Sendable, Equatable, Hashable {
    /// What the value looks like.
    public enum Kind: String, Sendable, Hashable {
        /// A GUID, given here in lower case with hyphens (`72f988bf-86f1-41af-91ab-2d7cd011db47`).
        case guid
        /// A domain name, lower case (`contoso.onmicrosoft.com`).
        case domain
        /// A SHA-1 thumbprint: 40 upper-case hex digits.
        case thumbprint
        /// A request ID, upper case with hyphens (`SPC-7K3D-Q9XA`).
        case requestID
        /// Something written where the value belongs that has not the value's shape (an
        /// ID with a typo, a thumbprint a digit short), exactly as written.
        case malformed
    }

    /// The value: normalized (case, braces, separators) when well-formed, else as written.
    public let text: String
    /// The value's shape (``Kind/malformed`` when it has not its field's).
    public let kind: Kind
    /// Which text of the message it was found in (`text/plain part`, `text/html part`, `Subject`…).
    public let document: String
    /// Its line in that text (1-based, after decoding).
    public let line: Int
    /// How deep in the thread it stands: 0 for the newest text; quoted and forwarded
    /// text is deeper. Values from the least deep text win.
    public let level: Int
    /// Whether it was inside a `BEGIN SPCONNECT REPLY` block.
    public let inBlock: Bool

    public init(text: String, kind: Kind, document: String, line: Int, level: Int, inBlock: Bool) {
        self.text = text
        self.kind = kind
        self.document = document
        self.line = line
        self.level = level
        self.inBlock = inBlock
    }

    /// Whether the value has its field's shape.
    public var isWellFormed: Bool { kind != .malformed }

    /// `"text" (line N of the text/plain part)`, for messages.
    public var quoted: String { "\(text) (line \(line) of the \(document))" }
}
