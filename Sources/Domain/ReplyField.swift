/// The values an admin's reply carries, in the reply block's order.
///
/// The labels are defined here once: the reply block the request email and the scripts
/// show (``ReplyBlock``) and the parser read the same words.
public enum ReplyField: String, CaseIterable, Sendable, Hashable {
    /// The request the reply answers: `SPC-XXXX-XXXX`.
    case request
    /// The Directory (tenant) ID: a GUID, or the tenant's domain.
    case tenantID
    /// The Application (client) ID of the new app registration.
    case clientID
    /// The Object ID of the new app registration (the application object's `id`, not
    /// the client ID). Optional: older replies have no such line.
    case objectID
    /// The SHA-1 thumbprint of the certificate the admin uploaded.
    case thumbprint

    /// The field's label in the reply block: the Microsoft Entra admin center's own words
    /// on an app registration's Overview page ("Directory (tenant) ID", "Application
    /// (client) ID", "Object ID";
    /// https://learn.microsoft.com/entra/identity-platform/quickstart-register-app).
    public var label: String {
        switch self {
        case .request: "Request"
        case .tenantID: "Directory (tenant) ID"
        case .clientID: "Application (client) ID"
        case .objectID: "Object ID"
        case .thumbprint: "Certificate thumbprint"
        }
    }
}
