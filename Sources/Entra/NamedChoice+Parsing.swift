import Domain
import Common

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
                                               facts: ErrorFacts(values: [.choices: Cloud.names.joined(separator: ", ")])))
    }
}

extension PermissionProfile {
    /// Parses a `--permission` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.unknownProfile, "unknown permission profile \(text)",
                                               facts: ErrorFacts(values: [.choices: PermissionProfile.names.joined(separator: ", ")])))
    }
}

extension SiteRole {
    /// Parses a `--site-role` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.unknownRole, "unknown site role \(text)"))
    }
}

extension APITarget {
    /// Parses an `--api` value (any letter case).
    public init(parsing text: String) throws(EntraError) {
        self = try .parsed(text, or: EntraError(.invalidValue, "unknown API \(text)",
                                               facts: ErrorFacts(values: [.check: "api"])))
    }
}
