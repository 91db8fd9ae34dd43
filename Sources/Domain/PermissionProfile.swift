/// How much of SharePoint the application may touch: `--permission PROFILE`.
public enum PermissionProfile: String, NamedChoice {
    /// `Sites.Selected`: nothing until the admin grants a role on each named site (the default).
    case sitesSelected = "sites-selected"
    /// `Sites.Read.All`: read every site in the tenant.
    case sitesReadAll = "sites-read-all"
    /// `Sites.ReadWrite.All`: read and write items in every site.
    case sitesReadWriteAll = "sites-readwrite-all"
    /// `Sites.Manage.All`: also create and change lists and libraries in every site.
    case sitesManageAll = "sites-manage-all"
    /// `Sites.FullControl.All`: everything in every site.
    case sitesFullControlAll = "sites-fullcontrol-all"

    /// `permission profile`.
    public static let kind = "permission profile"

    /// The permission's name, the same on SharePoint and on Microsoft Graph.
    public var permissionName: String {
        switch self {
        case .sitesSelected: "Sites.Selected"
        case .sitesReadAll: "Sites.Read.All"
        case .sitesReadWriteAll: "Sites.ReadWrite.All"
        case .sitesManageAll: "Sites.Manage.All"
        case .sitesFullControlAll: "Sites.FullControl.All"
        }
    }

    /// Whether the admin must also grant a role on each site (only `Sites.Selected`).
    public var needsSiteGrants: Bool { self == .sitesSelected }

    /// What the permission allows, in a sentence for the admin.
    public var summary: String {
        switch self {
        case .sitesSelected: "reach no site at all until you grant it a role on a named site, and then only that site with only that role"
        case .sitesReadAll: "read documents and list items in every site collection of the tenant"
        case .sitesReadWriteAll: "read and write documents and list items in every site collection of the tenant"
        case .sitesManageAll: "read and write items and create or delete lists and libraries in every site collection of the tenant"
        case .sitesFullControlAll: "have full control of every site collection of the tenant, including their permissions"
        }
    }

    /// Why this is the least the application needs, or what a smaller profile would be.
    public var rationale: String {
        switch self {
        case .sitesSelected:
            "Sites.Selected is the least privilege for whole sites: the application sees no site until you grant it one, and then only the sites and the role listed here. (Microsoft Graph also offers Lists.SelectedOperations.Selected, ListItems.SelectedOperations.Selected and Files.SelectedOperations.Selected for single lists, items or files.)"
        case .sitesReadAll:
            "The application only reads, but across sites that cannot be listed in advance. If the sites are known, sites-selected with the read role is smaller; ask the requester."
        case .sitesReadWriteAll:
            "The application writes items across sites that cannot be listed in advance. If the sites are known, sites-selected with the write role is smaller; ask the requester."
        case .sitesManageAll:
            "The application creates or changes lists and libraries across sites that cannot be listed in advance. If the sites are known, sites-selected with the manage role is smaller; ask the requester."
        case .sitesFullControlAll:
            "This is the broadest SharePoint permission. If the sites are known, sites-selected with the fullcontrol role is much smaller; ask the requester why every site is needed."
        }
    }

    /// The app roles to assign for `api`, SharePoint's first.
    public func appRoles(for api: APITarget) -> [AppRole] {
        api.resources.compactMap { AppRoleCatalog.role(permissionName, on: $0) }
    }
}
