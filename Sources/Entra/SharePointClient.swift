#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Domain

/// The one SharePoint REST call `verify` makes: `GET <site>/_api/web?$select=Title` with the
/// app-only token, answered in `application/json;odata=nometadata`.
public final class SharePointClient {
    /// Who the app is, for the hints of a refusal.
    public struct App: Sendable {
        /// The Application (client) ID.
        public var clientID: String
        /// The app registration's name (for the grant command in hints).
        public var displayName: String
        /// The site role requested under Sites.Selected.
        public var siteRole: SiteRole

        /// Describes the app.
        public init(clientID: String, displayName: String, siteRole: SiteRole) {
            self.clientID = clientID
            self.displayName = displayName
            self.siteRole = siteRole
        }
    }

    /// The HTTPS client calls go through.
    public let http: HTTPClient

    /// A client that calls SharePoint through `http`.
    public init(http: HTTPClient) {
        self.http = http
    }

    /// The site's title.
    ///
    /// - Throws: ``EntraError/Code/sharePointUnauthorized`` (401), ``EntraError/Code/sharePointForbidden``
    ///   (403), ``EntraError/Code/siteNotFound`` (404), ``EntraError/Code/sharePointFailed`` or
    ///   ``EntraError/Code/malformedResponse``, or a transport error.
    public func webTitle(of site: SiteURL, token: AccessToken, app: App) throws(EntraError) -> String {
        let response = try http.get(site.webTitleURL, headers: [
            ("Accept", "application/json;odata=nometadata"),
            ("Authorization", "Bearer \(token.value)"),
        ])
        switch response.status {
        case 200:
            struct Web: Decodable { var Title: String? }
            guard let web = try? JSONDecoder().decode(Web.self, from: Data(response.body)), let title = web.Title else {
                throw EntraError(.malformedResponse, "\(site) answered 200 but not with the web's JSON: \(response.bodyText())",
                                 facts: ErrorFacts(actor: .you, values: [.check: "sharePoint", .site: "\(site)"]))
            }
            // Any site owner sets the title: it is shown through the one filter for server text.
            return ServerText.shown(title, limit: 200)
        case 401:
            let said = Self.message(response)
            return try failure(EntraError(.sharePointUnauthorized,
                                          "SharePoint refused the token for \(site) (401 Unauthorized\(said.isEmpty ? "" : ": " + said))"
                                            + (token.decoded && token.roles.isEmpty ? "; the token carries no application role" : ""),
                                          facts: ErrorFacts(actor: .admin, values: [.clientID: app.clientID])))
        case 403:
            let said = Self.message(response)
            let reason = "the app has no access to \(site) (403 Forbidden\(said.isEmpty ? "" : ": " + said))"
            if token.roles.contains("Sites.Selected") || token.roles.isEmpty {
                let permission = app.siteRole.pnpName
                return try failure(EntraError(.sharePointForbidden, reason + "; under Sites.Selected each site must be granted to the app",
                                              facts: ErrorFacts(actor: .admin, values: [.check: "siteGrant", .clientID: app.clientID, .displayName: app.displayName,
                                                                                        .sitePermission: permission, .site: "\(site)"])))
            }
            return try failure(EntraError(.sharePointForbidden, reason + "; the token's roles (\(token.roles.joined(separator: ", "))) do not allow this call",
                                          facts: ErrorFacts(actor: .admin, values: [.check: "roles", .clientID: app.clientID, .site: "\(site)"])))
        case 404:
            return try failure(EntraError(.siteNotFound, "no site at \(site) (404 Not Found)",
                                          facts: ErrorFacts(actor: .you, values: [.site: "\(site)"])))
        default:
            return try failure(EntraError(.sharePointFailed, "\(site) answered \(response.status): \(Self.message(response))",
                                          facts: ErrorFacts(actor: response.status >= 500 ? nil : .you, isTemporary: response.status >= 500,
                                                            values: [.site: "\(site)"])))
        }
    }

    private func failure(_ error: EntraError) throws(EntraError) -> String { throw error }

    /// SharePoint's own words: `x-ms-diagnostics`' reason, the OData error's message, or the body.
    static func message(_ response: HTTPResponse) -> String {
        if let diagnostics = response.header("x-ms-diagnostics"), let range = diagnostics.firstRange(of: "reason=\"") {
            let rest = diagnostics[range.upperBound...]
            return ServerText.shown(String(rest.prefix { $0 != "\"" }), limit: 160)
        }
        struct ODataError: Decodable {
            struct Inner: Decodable {
                struct Message: Decodable { var value: String? }
                var code: String?
                var message: Message?
            }
            var odata: Inner?
            var error: Inner?
            var errorDescription: String?
            enum CodingKeys: String, CodingKey { case odata = "odata.error", error, errorDescription = "error_description" }
        }
        if let parsed = try? JSONDecoder().decode(ODataError.self, from: Data(response.body)) {
            if let text = (parsed.odata ?? parsed.error)?.message?.value { return ServerText.shown(text, limit: 160) }
            if let text = parsed.errorDescription { return ServerText.shown(text, limit: 160) }
        }
        return response.bodyText(limit: 160)
    }
}
