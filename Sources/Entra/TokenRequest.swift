/// What a client-credentials token request is about: the values the error messages name.
public struct TokenRequest: Sendable {
    /// The Directory (tenant) ID or domain, as the connection holds it.
    public var tenant: String
    /// The Application (client) ID.
    public var clientID: String
    /// The resource, `https://<SharePoint host>`; the scope asked is `<resource>/.default`.
    public var resource: String
    /// The certificate's SHA-1 thumbprint as the Entra portal shows it (for hints).
    public var thumbprint: String
    /// The cloud's name, for hints.
    public var cloud: String
    /// The connection's name, for hints (`spconnect show NAME`).
    public var connectionName: String

    /// Describes a request.
    public init(tenant: String, clientID: String, resource: String, thumbprint: String, cloud: String, connectionName: String) {
        self.tenant = tenant
        self.clientID = clientID
        self.resource = resource
        self.thumbprint = thumbprint
        self.cloud = cloud
        self.connectionName = connectionName
    }

    /// `<resource>/.default`.
    public var scope: String { resource + "/.default" }
}
