/// The application permissions (app roles) spconnect ever asks for, with their IDs.
///
/// Every ID was checked against a published list; the source is beside each one.
/// The scripts also look every role up by name in the admin's own tenant (the resource's
/// service principal lists its `appRoles`) and stop if the ID there differs, so a wrong
/// entry here can never grant the wrong role.
public enum AppRoleCatalog {
    // Microsoft Graph (00000003-0000-0000-c000-000000000000), application permissions.
    // Source: Microsoft Graph permissions reference, "All permissions and IDs",
    // https://learn.microsoft.com/graph/permissions-reference#all-permissions-and-ids
    // (generated table microsoftgraph/microsoft-graph-docs-contrib concepts/includes/permissions-ids.md).

    /// Graph `Sites.Selected`, Application: 883ea226-0bf2-4a8f-9f9d-92c9162a727d (permissions reference, see above).
    public static let graphSitesSelected = AppRole(resource: .microsoftGraph, name: "Sites.Selected", id: "883ea226-0bf2-4a8f-9f9d-92c9162a727d")
    /// Graph `Sites.Read.All`, Application: 332a536c-c7ef-4017-ab91-336970924f0d (permissions reference, see above).
    public static let graphSitesReadAll = AppRole(resource: .microsoftGraph, name: "Sites.Read.All", id: "332a536c-c7ef-4017-ab91-336970924f0d")
    /// Graph `Sites.ReadWrite.All`, Application: 9492366f-7969-46a4-8d15-ed1a20078fff (permissions reference, see above).
    public static let graphSitesReadWriteAll = AppRole(resource: .microsoftGraph, name: "Sites.ReadWrite.All", id: "9492366f-7969-46a4-8d15-ed1a20078fff")
    /// Graph `Sites.Manage.All`, Application: 0c0bf378-bf22-4481-8f81-9e89a9b4960a (permissions reference, see above;
    /// 65e50fdc-… is the *delegated* Sites.Manage.All and must not be used here).
    public static let graphSitesManageAll = AppRole(resource: .microsoftGraph, name: "Sites.Manage.All", id: "0c0bf378-bf22-4481-8f81-9e89a9b4960a")
    /// Graph `Sites.FullControl.All`, Application: a82116e5-55eb-4c41-a434-62fe8a61c773 (permissions reference, see above).
    public static let graphSitesFullControlAll = AppRole(resource: .microsoftGraph, name: "Sites.FullControl.All", id: "a82116e5-55eb-4c41-a434-62fe8a61c773")

    // SharePoint (00000003-0000-0ff1-ce00-000000000000), application permissions.
    // Microsoft publishes no permissions reference page for SharePoint's own app roles. The
    // four `.All` IDs below are the `appRoles` of the "Microsoft 365 SharePoint Online" service
    // principal as Microsoft's service returns them, captured in
    // pnp/cli-microsoft365 src/m365/aad/commands/approleassignment/approleassignment-add.spec.ts
    // (a recorded GET /servicePrincipals response, appOwnerTenantId f8cdef31-…, Microsoft's),
    // and listed identically in PnP PowerShell's src/Commands/Resources/SharePointPermissions.json
    // (https://github.com/pnp/powershell). Sites.Selected is newer than both files: its ID was found
    // only in third-party dumps of the same service principal, not in any Microsoft page; the
    // scripts' lookup by name is what makes it safe.

    /// SharePoint `Sites.Selected`, Application: 20d37865-089c-4dee-8c41-6967602d4ac8
    /// (third-party dumps of the SharePoint service principal's appRoles only; NOT verified against a Microsoft page).
    public static let sharePointSitesSelected = AppRole(resource: .sharePoint, name: "Sites.Selected", id: "20d37865-089c-4dee-8c41-6967602d4ac8")
    /// SharePoint `Sites.Read.All`, Application: d13f72ca-a275-4b96-b789-48ebcc4da984 (recorded service principal, PnP; see above).
    public static let sharePointSitesReadAll = AppRole(resource: .sharePoint, name: "Sites.Read.All", id: "d13f72ca-a275-4b96-b789-48ebcc4da984")
    /// SharePoint `Sites.ReadWrite.All`, Application: fbcd29d2-fcca-4405-aded-518d457caae4 (recorded service principal, PnP; see above).
    public static let sharePointSitesReadWriteAll = AppRole(resource: .sharePoint, name: "Sites.ReadWrite.All", id: "fbcd29d2-fcca-4405-aded-518d457caae4")
    /// SharePoint `Sites.Manage.All`, Application: 9bff6588-13f2-4c48-bbf2-ddab62256b36 (recorded service principal, PnP; see above).
    public static let sharePointSitesManageAll = AppRole(resource: .sharePoint, name: "Sites.Manage.All", id: "9bff6588-13f2-4c48-bbf2-ddab62256b36")
    /// SharePoint `Sites.FullControl.All`, Application: 678536fe-1083-478a-9c59-b99265e6b0d3 (recorded service principal, PnP; see above).
    public static let sharePointSitesFullControlAll = AppRole(resource: .sharePoint, name: "Sites.FullControl.All", id: "678536fe-1083-478a-9c59-b99265e6b0d3")

    /// Every role above.
    public static let all: [AppRole] = [
        graphSitesSelected, graphSitesReadAll, graphSitesReadWriteAll, graphSitesManageAll, graphSitesFullControlAll,
        sharePointSitesSelected, sharePointSitesReadAll, sharePointSitesReadWriteAll, sharePointSitesManageAll, sharePointSitesFullControlAll,
    ]

    /// The role called `name` on `resource`.
    public static func role(_ name: String, on resource: ResourceAPI) -> AppRole? {
        all.first { $0.resource == resource && $0.name == name }
    }
}
