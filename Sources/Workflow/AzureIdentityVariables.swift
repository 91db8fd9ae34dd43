import Entra
import Vault

/// The environment variables Azure's SDKs read a service principal from (azure-identity's
/// `EnvironmentCredential`: https://learn.microsoft.com/python/api/azure-identity/azure.identity.environmentcredential),
/// and spconnect's own `SPCONNECT_SITES`, for a connection: what `exec` gives its command
/// and what `export --format env` prints. None of them is a secret.
public struct AzureIdentityVariables: Sendable, Equatable {
    /// `NAME`, value pairs in the order they are printed.
    public let pairs: [(name: String, value: String)]

    /// The variables of `connection`; `authorityHost` replaces the cloud's login host (`--authority-host`).
    ///
    /// - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`: the connection's IDs.
    /// - `AZURE_AUTHORITY_HOST`: `https://` and the login host. azure-identity accepts a host
    ///   with or without the scheme and adds `https://` when it is missing; the other SDKs
    ///   (.NET, Java, JavaScript, Go) take a URL, so the URL is what works for all.
    /// - `SPCONNECT_SITES`: the connection's sites, separated by spaces (a site's address
    ///   never holds one: ``SiteURL`` refuses it).
    public init(_ connection: ConnectionRecord, authorityHost: String? = nil) throws {
        let endpoints = try VerifyEndpoints(cloud: connection.cloud, authorityHost: authorityHost)
        pairs = [
            ("AZURE_TENANT_ID", connection.tenantID),
            ("AZURE_CLIENT_ID", connection.clientID),
            ("AZURE_AUTHORITY_HOST", "https://" + endpoints.loginHost),
            ("SPCONNECT_SITES", connection.sites.joined(separator: " ")),
        ]
    }

    /// The names it sets.
    public var names: Set<String> { Set(pairs.map(\.name)) }

    /// A `.env` file: one `NAME=value` a line, values quoted for a POSIX shell when they need it
    /// (so `set -a; . ./NAME.env; set +a` reads it as docker's `--env-file` and dotenv do).
    public var dotEnv: String {
        pairs.map { "\($0.name)=\($0.value.isEmpty ? "" : ScriptQuoting.shellWord($0.value))\n" }.joined()
    }

    public static func == (lhs: AzureIdentityVariables, rhs: AzureIdentityVariables) -> Bool {
        lhs.pairs.map { "\($0.name)=\($0.value)" } == rhs.pairs.map { "\($0.name)=\($0.value)" }
    }
}
