import Domain
import Common

/// The hosts `verify` talks to: the ``Cloud``'s Entra login host (or `--authority-host`)
/// and its SharePoint Online suffix.
public struct VerifyEndpoints: Sendable, Equatable {
    /// The cloud.
    public let cloud: Cloud
    /// The Entra ID login host, e.g. `login.microsoftonline.com`.
    public let loginHost: String
    /// The SharePoint Online suffix, e.g. `sharepoint.com` (tenants are `<name>.<suffix>`).
    public let sharePointSuffix: String

    /// The endpoints of a cloud, with the login host replaced by `authorityHost` when given
    /// (`--authority-host`, for private endpoints and tests).
    ///
    /// - Throws: ``EntraError/Code/unknownCloud`` for any other cloud name.
    public init(cloud: String, authorityHost: String? = nil) throws(EntraError) {
        let known: Cloud
        do {
            known = try Cloud(parsing: cloud)
        } catch {
            throw EntraError(.unknownCloud, "unknown cloud \(cloud)", facts: ErrorFacts(actor: .you, values: [.check: "storedCloud"]))
        }
        try self.init(cloud: known, authorityHost: authorityHost)
    }

    /// The endpoints of `cloud`, with the login host replaced by `authorityHost` when given.
    ///
    /// - Throws: ``EntraError/Code/invalidValue`` when `authorityHost` is not a host name.
    public init(cloud known: Cloud, authorityHost: String? = nil) throws(EntraError) {
        cloud = known
        if let authorityHost {
            let host = authorityHost.hasPrefix("https://") ? String(authorityHost.dropFirst(8)) : authorityHost
            guard !host.isEmpty, !host.contains("/"), !host.contains("@"), !host.contains(" ") else {
                throw EntraError(.invalidValue, worded: "\(option: "authorityHost") \(authorityHost) is not a host name",
                                 facts: ErrorFacts(actor: .you, values: [.check: "authorityHost"]))
            }
            loginHost = host
        } else {
            loginHost = known.loginHost
        }
        sharePointSuffix = known.sharePointSuffix
    }

    /// The v2.0 token endpoint of a tenant: the `aud` of every client assertion.
    public func tokenEndpoint(tenant: String) -> String {
        "https://\(loginHost)/\(tenant)/oauth2/v2.0/token"
    }

    /// The authority MSAL is configured with: `https://<login host>/<tenant>`.
    public func authority(tenant: String) -> String {
        "https://\(loginHost)/\(tenant)"
    }

    /// Whether `host` is a SharePoint Online host of this cloud (`contoso.sharepoint.com`,
    /// `contoso-my.sharepoint.com`).
    public func isSharePointHost(_ host: String) -> Bool {
        host.lowercased().hasSuffix("." + sharePointSuffix)
    }
}
