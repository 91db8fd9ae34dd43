import Common

/// A `Content-Type` header value (RFC 2045 §5.1): `type/subtype; name=value; …`.
public struct ContentType: Sendable, Equatable {
    /// The media type, lower case (`text`, `multipart`…).
    public let type: String
    /// The subtype, lower case (`plain`, `html`, `alternative`…).
    public let subtype: String
    /// The parameters, names lower case, values unquoted (RFC 2231 continuations joined).
    public let parameters: [String: String]

    /// A content type from its parts, as given (lower-case them to compare with a parsed one).
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `text/plain; charset=us-ascii`, what a part without the header is (RFC 2045 §5.2).
    public static let defaultText = ContentType(type: "text", subtype: "plain")
    /// `message/rfc822`, the default inside `multipart/digest`.
    public static let message = ContentType(type: "message", subtype: "rfc822")

    /// `type/subtype`.
    public var mimeType: String { "\(type)/\(subtype)" }
    /// The `charset` parameter, if any.
    public var charset: String? { parameters["charset"] }
    /// The `boundary` parameter of a multipart, if any.
    public var boundary: String? { parameters["boundary"] }
    /// Whether this is `multipart/*`.
    public var isMultipart: Bool { type == "multipart" }
    /// Whether this is `text/*`.
    public var isText: Bool { type == "text" }
    /// Whether this is `text/html`.
    public var isHTML: Bool { type == "text" && subtype == "html" }
    /// `format=flowed` (RFC 3676).
    public var isFlowed: Bool { type == "text" && subtype == "plain" && parameters["format"]?.lowercased() == "flowed" }

    /// Parses a header value; a missing or malformed type gives ``defaultText``'s type.
    public init(parsing value: String) {
        let (leading, parameters) = MIMEParameter.decode(value)
        let full = leading.trimmed.lowercased()
        let slash = full.firstIndex(of: "/")
        var type = slash.map { String(full[..<$0]) } ?? full
        var subtype = slash.map { String(full[full.index(after: $0)...]) } ?? ""
        type = type.trimmed
        subtype = subtype.trimmed
        if type.isEmpty || subtype.isEmpty || type.contains(" ") || subtype.contains(" ") {
            type = "text"
            subtype = "plain"
        }
        self.init(type: type, subtype: subtype, parameters: parameters)
    }
}
