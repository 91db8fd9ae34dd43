import Domain

extension NamedChoice {
    /// The case `text` names in any letter case, or `refusal` when it names none.
    static func parsed(_ text: String, or refusal: @autoclosure () -> EntraError) throws(EntraError) -> Self {
        guard let value = Self(named: text) else { throw refusal() }
        return value
    }
}

extension Cloud {
    /// Parses a `--cloud` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.unknownCloud, "unknown cloud \(text)",
                                               hint: "use --cloud " + Cloud.names.joined(separator: ", ") + " (global is the default)"))
    }
}

extension PermissionProfile {
    /// Parses a `--permission` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.unknownProfile, "unknown permission profile \(text)",
                                               hint: "use --permission " + PermissionProfile.names.joined(separator: ", ") + " (sites-selected is the default)"))
    }
}

extension SiteRole {
    /// Parses a `--site-role` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.unknownRole, "unknown site role \(text)",
                                               hint: "use --site-role read, write, manage or fullcontrol (write is the default)"))
    }
}

extension APITarget {
    /// Parses an `--api` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.invalidValue, "unknown API \(text)",
                                               hint: "use --api sharepoint, graph or both (sharepoint is the default)"))
    }
}
