/// What an HTTP server answered.
public struct HTTPResponse: Sendable {
    /// The status code (200, 401…).
    public let status: Int
    /// The response headers in the order received; names as the server sent them.
    public let headers: [(name: String, value: String)]
    /// The body, as received.
    public let body: [UInt8]

    /// A response with these parts.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as text (invalid UTF-8 replaced), at most `limit` characters, for messages.
    public func bodyText(limit: Int = 200) -> String {
        let text = String(decoding: body, as: UTF8.self)
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
