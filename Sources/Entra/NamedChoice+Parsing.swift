import Domain

extension Cloud {
    /// Parses a `--cloud` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        guard let cloud = Cloud(named: text) else {
            throw EntraError(.unknownCloud, "unknown cloud \(text)",
                             hint: "use --cloud " + Cloud.names.joined(separator: ", ") + " (global is the default)")
        }
        self = cloud
    }
}

extension PermissionProfile {
    /// Parses a `--permission` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        guard let profile = PermissionProfile(named: text) else {
            throw EntraError(.unknownProfile, "unknown permission profile \(text)",
                             hint: "use --permission " + PermissionProfile.names.joined(separator: ", ") + " (sites-selected is the default)")
        }
        self = profile
    }
}

extension SiteRole {
    /// Parses a `--site-role` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        guard let role = SiteRole(named: text) else {
            throw EntraError(.unknownRole, "unknown site role \(text)", hint: "use --site-role read, write, manage or fullcontrol (write is the default)")
        }
        self = role
    }
}

extension APITarget {
    /// Parses an `--api` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        guard let target = APITarget(named: text) else {
            throw EntraError(.invalidValue, "unknown API \(text)", hint: "use --api sharepoint, graph or both (sharepoint is the default)")
        }
        self = target
    }
}
