import MIME

/// One MIME entity (RFC 2045, RFC 2046): a whole message, a part of a multipart, or a
/// message carried inside another (`message/rfc822`).
public struct MailPart: Sendable {
    /// The part's header fields, in order.
    public let headers: [HeaderField]
    /// Its content type (``ContentType/defaultText`` when it has none).
    public let contentType: ContentType
    /// `Content-Transfer-Encoding`, lower case (`7bit` when absent).
    public let transferEncoding: String
    /// A multipart's parts, or the one message a `message/rfc822` part carries.
    public let parts: [MailPart]
    /// The body as it stands in the message (still transfer-encoded); empty for a multipart.
    public let body: [UInt8]
    /// Whether this part or one inside it ends before its closing boundary (a cut message).
    public let isIncomplete: Bool

    public init(headers: [HeaderField], contentType: ContentType, transferEncoding: String, parts: [MailPart],
                body: [UInt8], isIncomplete: Bool) {
        self.headers = headers
        self.contentType = contentType
        self.transferEncoding = transferEncoding
        self.parts = parts
        self.body = body
        self.isIncomplete = isIncomplete
    }

    /// The first header field called `name` (any case).
    public func header(_ name: String) -> HeaderField? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }
    }

    /// Whether `Content-Disposition` says `attachment`.
    public var isAttachment: Bool {
        guard let disposition = header("Content-Disposition") else { return false }
        return ContentType(parsing: "x/" + disposition.value).subtype.hasPrefix("attachment")
    }

    /// The attachment's file name (`Content-Disposition` `filename`, else `Content-Type`
    /// `name`), safe to show (control and format characters escaped); nil when it has none.
    public var fileName: String? {
        let disposition = header("Content-Disposition").map { ContentType(parsing: "x/" + $0.value).parameters["filename"] } ?? nil
        guard let name = disposition ?? contentType.parameters["name"], !name.isEmpty else { return nil }
        return ShownText.escaped(name, limit: 80)
    }

    /// The body with its transfer encoding undone (quoted-printable, base64; 7bit, 8bit
    /// and binary as they are), and whether base64 stopped mid-group (cut short).
    public func decodedBody() -> (bytes: [UInt8], incomplete: Bool) {
        switch transferEncoding {
        case "quoted-printable": return (QuotedPrintable.decode(body), false)
        case "base64": return MIMEBase64.decode(body)
        default: return (body, false)
        }
    }

    /// A text part's content as UTF-8 (charset decoded; `format=flowed` unwrapped),
    /// whether its charset was understood, and whether it was cut short. Nil for a
    /// part that is not `text/*`.
    public func text() -> (utf8: [UInt8], charsetKnown: Bool, incomplete: Bool)? {
        guard contentType.isText else { return nil }
        let (bytes, incomplete) = decodedBody()
        let (utf8, known) = Charset.decode(bytes, charset: contentType.charset)
        let flowed = contentType.isFlowed ? FlowedText.unwrap(utf8, deleteSpace: contentType.parameters["delsp"]?.lowercased() == "yes") : utf8
        return (flowed, known, incomplete)
    }
}
