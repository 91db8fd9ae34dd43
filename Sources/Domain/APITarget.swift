/// Which API the application will call: `--api sharepoint|graph|both`.
public enum APITarget: String, NamedChoice {
    /// SharePoint's REST API only (the default).
    case sharepoint
    /// Microsoft Graph only.
    case graph
    /// Both.
    case both

    /// `API`.
    public static let kind = "API"

    /// The resources whose app roles are asked for, SharePoint first.
    public var resources: [ResourceAPI] {
        switch self {
        case .sharepoint: [.sharePoint]
        case .graph: [.microsoftGraph]
        case .both: [.sharePoint, .microsoftGraph]
        }
    }
}
