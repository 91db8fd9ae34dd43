/// An API whose application permissions (app roles) a profile asks for.
public enum ResourceAPI: String, CaseIterable, Sendable {
    /// SharePoint Online's own REST API (`/_api/…`), "Office 365 SharePoint Online".
    case sharePoint
    /// Microsoft Graph.
    case microsoftGraph

    /// The resource's application (client) ID, the same in every tenant.
    ///
    /// - SharePoint: `00000003-0000-0ff1-ce00-000000000000`, the `appId` of the
    ///   "Office 365 SharePoint Online" service principal (PnP PowerShell's `ResourceAppId_SPO`,
    ///   https://github.com/pnp/powershell/blob/dev/src/Commands/Model/PermissionScopes.cs).
    /// - Microsoft Graph: `00000003-0000-0000-c000-000000000000`, the `appId` in Microsoft's
    ///   own example response: https://learn.microsoft.com/graph/permissions-grant-via-msgraph
    public var appID: String {
        switch self {
        case .sharePoint: "00000003-0000-0ff1-ce00-000000000000"
        case .microsoftGraph: "00000003-0000-0000-c000-000000000000"
        }
    }

    /// The name the Entra admin center shows under API permissions › Add a permission.
    public var portalName: String {
        switch self {
        case .sharePoint: "SharePoint"
        case .microsoftGraph: "Microsoft Graph"
        }
    }
}
