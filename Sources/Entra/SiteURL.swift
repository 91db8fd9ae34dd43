/// A SharePoint site address, checked and split into the parts `verify` needs.
public struct SiteURL: Sendable, Equatable, CustomStringConvertible {
    /// `host[:port]`, lower-cased.
    public let host: String
    /// The site's path without a trailing slash (`/sites/reports`, or empty for the root site).
    public let path: String

    /// Parses `https://host[:port][/path]`; a trailing slash, query or fragment is dropped.
    ///
    /// - Throws: ``EntraError/Code/invalidValue`` for anything that is not an https URL.
    public init(_ text: String) throws(EntraError) {
        let trimmed = text.trimmingWhitespace
        guard trimmed.lowercased().hasPrefix("https://") else {
            throw EntraError(.invalidValue, "\(text) is not an https:// site address",
                             hint: "give the site as https://contoso.sharepoint.com/sites/NAME", actor: .you)
        }
        var rest = Substring(trimmed.dropFirst(8))
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let hostPart = rest.prefix { $0 != "/" }
        var pathPart = rest.dropFirst(hostPart.count)
        while pathPart.hasSuffix("/") { pathPart = pathPart.dropLast() }
        guard !hostPart.isEmpty, !hostPart.contains("@"), !hostPart.contains(" "), !pathPart.contains(" ") else {
            throw EntraError(.invalidValue, "\(text) is not a site address",
                             hint: "give the site as https://contoso.sharepoint.com/sites/NAME", actor: .you)
        }
        host = hostPart.lowercased()
        path = String(pathPart)
    }

    /// `https://host/path`.
    public var url: String { "https://\(host)\(path)" }

    /// The normalised address.
    public var description: String { url }

    /// The resource a token for this site is asked for: `https://host`.
    public var resource: String { "https://\(host)" }

    /// The client-credentials scope for this site's host: `https://host/.default`.
    public var scope: String { resource + "/.default" }

    /// The REST call `verify` makes: the web's title.
    public var webTitleURL: String { url + "/_api/web?$select=Title" }
}
