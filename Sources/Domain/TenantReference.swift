/// A tenant as a reply or the requester names it: its GUID, or one of its domains
/// (which `verify` resolves to the GUID later).
public enum TenantReference: Sendable, Equatable, CustomStringConvertible {
    /// The Directory (tenant) ID, lower case with hyphens.
    case guid(String)
    /// A domain of the tenant, lower case (`contoso.onmicrosoft.com`).
    case domain(String)

    /// Reads a GUID (any case, braces) or a domain; nil when the text is neither.
    public init?(_ text: String) {
        if let guid = IdentifierFormat.guid(text) {
            self = .guid(guid)
        } else if let domain = IdentifierFormat.domain(text) {
            self = .domain(domain)
        } else {
            return nil
        }
    }

    /// The GUID or the domain.
    public var description: String {
        switch self {
        case .guid(let value), .domain(let value): value
        }
    }

    /// The GUID, when this is one.
    public var guid: String? {
        if case .guid(let value) = self { return value }
        return nil
    }

    /// The domain, when this is one.
    public var domain: String? {
        if case .domain(let value) = self { return value }
        return nil
    }
}
