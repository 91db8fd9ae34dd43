/// An application permission (app role) of a resource API, as Entra stores it in an
/// app-role assignment and in an application's `requiredResourceAccess`.
public struct AppRole: Sendable, Hashable {
    /// The API that defines the role.
    public let resource: ResourceAPI
    /// The role's value, as the admin center and tokens' `roles` claim show it (`Sites.Selected`).
    public let name: String
    /// The role's ID, the same in every tenant.
    public let id: String

    /// A role of `resource` named `name` with the ID `id`.
    public init(resource: ResourceAPI, name: String, id: String) {
        self.resource = resource
        self.name = name
        self.id = id
    }
}
