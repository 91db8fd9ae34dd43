/// Which API the application will call: `--api sharepoint|graph|both`.
public enum APITarget: String, CaseIterable, Sendable {
    /// SharePoint's REST API only (the default).
    case sharepoint
    /// Microsoft Graph only.
    case graph
    /// Both.
    case both

    /// Parses an `--api` value.
    public init(parsing text: String) throws(EntraError) {
        guard let target = APITarget(rawValue: text.lowercased()) else {
            throw EntraError(.invalidValue, "unknown API \(text)", hint: "use --api sharepoint, graph or both (sharepoint is the default)")
        }
        self = target
    }

    /// The resources whose app roles are asked for, SharePoint first.
    public var resources: [ResourceAPI] {
        switch self {
        case .sharepoint: [.sharePoint]
        case .graph: [.microsoftGraph]
        case .both: [.sharePoint, .microsoftGraph]
        }
    }
}
