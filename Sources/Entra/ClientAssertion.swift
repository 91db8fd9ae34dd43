#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OpenSSLSupport
import Common

/// A signed client assertion: the JWT an app presents instead of a client secret, as
/// Microsoft's certificate-credentials reference describes.
///
/// - Header: `alg` `PS256` with `x5t#S256` (the certificate's SHA-256 thumbprint), or
///   `RS256` with `x5t` (SHA-1); `typ` `JWT`.
/// - Claims: `aud` the tenant's token endpoint, `iss` = `sub` = the client ID, `jti` a
///   fresh random GUID, `nbf` = `iat` = now, `exp` now plus at most 10 minutes.
///
/// The compact form is a credential for its lifetime: it is sent to the token endpoint
/// and never printed, logged or stored. ``description`` leaves it out.
public struct ClientAssertion: Sendable, CustomStringConvertible {
    /// The longest lifetime spconnect gives an assertion.
    public static let maximumLifetime = 600

    /// How it was signed.
    package let scheme: SignatureScheme
    /// The `aud` claim.
    public let audience: String
    /// The `iss` and `sub` claims.
    public let clientID: String
    /// The `jti` claim.
    public let id: String
    /// `nbf` and `iat`, in seconds since 1970.
    public let issuedAt: Int
    /// `exp`, in seconds since 1970.
    public let expiresAt: Int
    /// The compact JWS: `header.claims.signature`, each base64url.
    public let compact: String

    /// Signs a new assertion.
    ///
    /// - Parameters:
    ///   - key: the connection's private key.
    ///   - fingerprints: the certificate's thumbprints (for `x5t` / `x5t#S256`).
    ///   - clientID: the Application (client) ID.
    ///   - audience: the token endpoint, `https://<login host>/<tenant>/oauth2/v2.0/token`.
    ///   - scheme: PS256 (default) or RS256.
    ///   - now: the signing time.
    ///   - lifetime: seconds until `exp`, 1…600.
    package init(key: RSAPrivateKey, fingerprints: CertificateFingerprints, clientID: String, audience: String,
                scheme: SignatureScheme = .ps256, now: Date = Date(), lifetime: Int = ClientAssertion.maximumLifetime) throws {
        guard (1...Self.maximumLifetime).contains(lifetime) else {
            throw EntraError(.invalidValue, "an assertion lifetime of \(lifetime) s is not allowed (1…\(Self.maximumLifetime))")
        }
        let header: [(String, CompactJSON.Value)] = switch scheme {
        case .ps256: [("alg", .string("PS256")), ("typ", .string("JWT")), ("x5t#S256", .string(fingerprints.x5tS256))]
        case .rs256: [("alg", .string("RS256")), ("typ", .string("JWT")), ("x5t", .string(fingerprints.x5t))]
        }
        let issued = Int(now.timeIntervalSince1970.rounded(.down))
        let id = try RandomBytes.guid()
        let claims: [(String, CompactJSON.Value)] = [
            ("aud", .string(audience)), ("iss", .string(clientID)), ("sub", .string(clientID)), ("jti", .string(id)),
            ("nbf", .int(issued)), ("iat", .int(issued)), ("exp", .int(issued + lifetime)),
        ]
        let signingInput = Base64.encodeURL(Array(CompactJSON.object(header).utf8)) + "." + Base64.encodeURL(Array(CompactJSON.object(claims).utf8))
        let signature = try key.sign(Array(signingInput.utf8), scheme: scheme)
        self.scheme = scheme
        self.audience = audience
        self.clientID = clientID
        self.id = id
        self.issuedAt = issued
        self.expiresAt = issued + lifetime
        self.compact = signingInput + "." + Base64.encodeURL(signature)
    }

    /// The JOSE header member that names the certificate: `x5t#S256` or `x5t`.
    public var thumbprintHeader: String { scheme == .ps256 ? "x5t#S256" : "x5t" }

    /// The scheme, thumbprint header, jti and lifetime; never the compact form.
    public var description: String {
        "client assertion (\(scheme.rawValue), \(thumbprintHeader), jti \(id), valid \(expiresAt - issuedAt) s)"
    }
}
