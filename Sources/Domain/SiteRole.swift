/// The role a `Sites.Selected` application is granted on one site.
///
/// Roles `read`, `write`, `manage`, `fullcontrol` of `POST /sites/{site-id}/permissions`:
/// https://devblogs.microsoft.com/microsoft365dev/?p=18597 ("The available roles are: read,
/// write, manage, fullcontrol") and https://learn.microsoft.com/graph/api/site-post-permissions;
/// PnP PowerShell's `-Permissions Read|Write|Manage|FullControl`:
/// https://pnp.github.io/powershell/cmdlets/Grant-PnPEntraIDAppSitePermission.html
public enum SiteRole: String, NamedChoice {
    /// Read the site's lists, libraries and files.
    case read
    /// Also write items and files (the default).
    case write
    /// Also create and change lists and libraries.
    case manage
    /// Everything, including the site's permissions.
    case fullcontrol

    /// `site role`.
    public static let kind = "site role"

    /// The value of PnP PowerShell's `-Permissions`.
    public var pnpName: String {
        switch self {
        case .read: "Read"
        case .write: "Write"
        case .manage: "Manage"
        case .fullcontrol: "FullControl"
        }
    }

    /// What the role lets the application do on the site, in a few words.
    public var summary: String {
        switch self {
        case .read: "read its lists, libraries and files"
        case .write: "read and write list items and files, but not change lists or libraries themselves"
        case .manage: "read and write items, and create or change lists and libraries"
        case .fullcontrol: "everything on that site, including its permissions"
        }
    }
}
