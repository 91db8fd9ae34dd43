#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Common
import Domain

/// An access token from the token endpoint, with what its payload says (decoded, **not**
/// verified: only the resource verifies it).
///
/// The bearer value itself is kept inside the module for ``SharePointClient``; it is never
/// printed. ``description`` leaves it out.
public struct AccessToken: Sendable, CustomStringConvertible {
    /// The bearer value.
    let value: String
    /// `token_type` (normally `Bearer`).
    public let tokenType: String
    /// The application roles granted (`roles`): `Sites.Selected`, `Sites.Read.All`…
    public let roles: [String]
    /// When it expires: the payload's `exp`, else now + `expires_in`.
    public let expiresAt: Date?
    /// The `aud` claim: the resource it is for.
    public let audience: String?
    /// The `tid` claim: the tenant that issued it.
    public let tenantID: String?
    /// The `appid` (v1) or `azp` (v2) claim.
    public let appID: String?
    /// Whether the token was a JWT whose payload could be read.
    public let decoded: Bool

    /// Reads a token endpoint's `access_token`, `token_type` and `expires_in`.
    public init(value: String, tokenType: String = "Bearer", expiresIn: Int? = nil, now: Date = Date()) {
        self.value = value
        self.tokenType = tokenType
        let payload = Self.payload(of: value)
        decoded = payload != nil
        // The token's fields are the server's text: shown only through the one filter.
        roles = (payload?.roles ?? []).map { ServerText.shown($0, limit: 100) }
        audience = payload?.aud.map { ServerText.shown($0, limit: 200) }
        tenantID = payload?.tid
        appID = payload?.appid ?? payload?.azp
        if let exp = payload?.exp {
            expiresAt = Date(timeIntervalSince1970: TimeInterval(exp))
        } else {
            expiresAt = expiresIn.map { now.addingTimeInterval(TimeInterval($0)) }
        }
    }

    /// The bearer value, for `spconnect token` to print on standard output and for nothing else
    /// (never a log, an error or an argument).
    package var bearerValue: String { value }

    /// The roles and expiry, never the bearer value.
    public var description: String {
        "access token (\(roles.isEmpty ? "no roles" : roles.joined(separator: ", "))\(expiresAt.map { ", expires \(ISO8601.string($0))" } ?? ""))"
    }

    /// The claims spconnect reports.
    struct Payload: Decodable {
        var roles: [String]?
        var exp: Int?
        var aud: String?
        var tid: String?
        var appid: String?
        var azp: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            roles = try? container.decodeIfPresent([String].self, forKey: .roles)
            exp = (try? container.decodeIfPresent(Int.self, forKey: .exp)) ?? (try? container.decodeIfPresent(Double.self, forKey: .exp)).flatMap { $0.map(Int.init) }
            aud = (try? container.decodeIfPresent(String.self, forKey: .aud)) ?? (try? container.decodeIfPresent([String].self, forKey: .aud))?.flatMap { $0.first }
            tid = try? container.decodeIfPresent(String.self, forKey: .tid)
            appid = try? container.decodeIfPresent(String.self, forKey: .appid)
            azp = try? container.decodeIfPresent(String.self, forKey: .azp)
        }

        enum CodingKeys: String, CodingKey { case roles, exp, aud, tid, appid, azp }
    }

    /// The JSON payload of a compact JWS, if `token` is one.
    static func payload(of token: String) -> Payload? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64.decode(String(parts[1])) else { return nil }
        return try? JSONDecoder().decode(Payload.self, from: Data(bytes))
    }
}
