import Common
import Entra
import Vault

/// The `token` command: an app-only access token from Entra ID for one resource, signed for
/// with the connection's key exactly as `verify` signs (PS256 with `x5t#S256`, RS256 with
/// `x5t` after AADSTS700027), handed back to be printed and nowhere else.
public struct AcquireToken: Sendable {
    /// What Entra ID answered.
    public enum Outcome: Sendable {
        /// A token for `resource`.
        case issued(AccessToken, resource: String)
        /// Entra ID (or the way to it) refused: the error says why and who must act.
        case refused(any UserFacingError, resource: String)
    }

    /// The connection's name.
    public var connection: String
    /// The resource asked for.
    public var resource: TokenResource
    /// `--site` (for ``TokenResource/sharePoint``), the assertion's scheme, the login host, the CA file, the timeout.
    public var options: ConnectionVerifier.Options

    /// A token request of `connection` for `resource`.
    public init(connection: String, resource: TokenResource, options: ConnectionVerifier.Options) {
        self.connection = connection
        self.resource = resource
        self.options = options
    }

    /// Finds the connection and its resource before the store is unlocked, then unlocks it,
    /// opens the key and asks the token endpoint. The audit log records the resource (never the token).
    ///
    /// - Throws: what stops it before the token endpoint is asked (no such connection, no
    ///   site, a wrong passphrase, a key that does not open); a refusal is an ``Outcome``.
    public func run(in environment: Environment) throws -> Outcome {
        let store = try environment.openStore()
        let record = try store.connection(connection)
        let verifier = ConnectionVerifier(record, options: options)
        let resource = try self.resource.resource(for: record) { try verifier.sites() }
        let endpoints = try VerifyEndpoints(cloud: record.cloud, authorityHost: options.authorityHost)
        let http = try options.httpClient()
        let unlocked = try environment.unlock(store)
        let credential = try ConnectionCredential(record, unlocked: unlocked)
        let request = TokenRequest(tenant: record.tenantID, clientID: record.clientID, resource: resource,
                                   thumbprint: record.thumbprintSHA1, cloud: record.cloud.rawValue, connectionName: record.name)
        let grant: TokenClient.Grant
        do {
            grant = try TokenClient(http: http, endpoints: endpoints)
                .acquire(request, key: credential.key, fingerprints: credential.certificate.fingerprints, scheme: options.scheme)
        } catch let error as any UserFacingError {
            try? store.audit("token.refused", subject: record.name, detail: "resource \(resource)")
            return .refused(error, resource: resource)
        }
        try? store.audit("token.issued", subject: record.name, detail: "resource \(resource)")
        return .issued(grant.token, resource: resource)
    }
}
