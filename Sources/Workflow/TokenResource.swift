import Common
import Domain
import Entra
import Vault

/// What `token --resource` asks Entra ID for: the tenant's SharePoint, the cloud's
/// Microsoft Graph, or any resource by its application ID URI.
public enum TokenResource: Sendable, Equatable {
    /// The SharePoint host of the site (`--site`, else the connection's first site):
    /// `https://contoso.sharepoint.com`, as `verify` asks for it.
    case sharePoint
    /// The cloud's Microsoft Graph host (``Cloud/graphURL``).
    case graph
    /// A resource given by its `https://` application ID URI (`https://vault.azure.net`).
    case uri(String)

    /// Reads `sharepoint`, `graph` or an `https://` URI; a trailing `/.default` or `/` is
    /// dropped, so a scope is accepted as well as its resource.
    ///
    /// - Throws: ``ErrorCode/invalidOption`` (a usage error) for anything else.
    public init(parsing text: String) throws(WorkflowError) {
        switch text.lowercased() {
        case "sharepoint": self = .sharePoint
        case "graph": self = .graph
        default:
            var uri = text.trimmingWhitespace
            if uri.lowercased().hasSuffix("/.default") { uri = String(uri.dropLast(9)) }
            while uri.hasSuffix("/") { uri.removeLast() }
            let host = uri.dropFirst(8).prefix { $0 != "/" }
            guard uri.lowercased().hasPrefix("https://"), !host.isEmpty,
                  !uri.contains(where: { $0 == " " || $0 == "?" || $0 == "#" || $0 == "@" || $0.isNewline }) else {
                throw WorkflowError(.invalidOption, worded: "\(option: "resource") \(ServerText.shown(text, limit: 200)) is not sharepoint, graph or an https:// resource URI",
                                    facts: ErrorFacts(actor: .you, values: [.option: "resource", .problem: "value"]))
            }
            self = .uri(uri)
        }
    }

    /// The resource for `connection`: `sites` are `--site`'s (else the connection's own), used by ``sharePoint``.
    ///
    /// - Throws: ``ErrorCode/invalidValue`` when ``sharePoint`` is asked and there is no site.
    func resource(for connection: ConnectionRecord, sites: () throws -> [SiteURL]) throws -> String {
        switch self {
        case .sharePoint: return try sites()[0].resource
        case .graph: return connection.cloud.graphURL
        case .uri(let uri): return uri
        }
    }
}
