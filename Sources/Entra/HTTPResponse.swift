import Common

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

    /// The body as text for messages: through ``ServerText`` (control characters shown as
    /// `?`, line breaks as spaces), at most `limit` characters.
    public func bodyText(limit: Int = 200) -> String {
        ServerText.shown(bytes: body, limit: limit)
    }
}
