/// The values an admin's reply carries.
public enum ReplyField: String, CaseIterable, Sendable, Hashable {
    /// The request the reply answers: `SPC-XXXX-XXXX`.
    case request
    /// The Directory (tenant) ID: a GUID, or the tenant's domain.
    case tenantID
    /// The Application (client) ID of the new app registration.
    case clientID
    /// The SHA-1 thumbprint of the certificate the admin uploaded.
    case thumbprint

    /// The field's label in the reply block (the Entra admin center's own words).
    public var label: String {
        switch self {
        case .request: "Request"
        case .tenantID: "Directory (tenant) ID"
        case .clientID: "Application (client) ID"
        case .thumbprint: "Certificate thumbprint"
        }
    }

    /// The command-line flag that supplies or overrides the field.
    public var flag: String {
        switch self {
        case .request: "--request"
        case .tenantID: "--tenant-id"
        case .clientID: "--client-id"
        case .thumbprint: "--thumbprint"
        }
    }
}
