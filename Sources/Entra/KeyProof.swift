#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OpenSSLSupport
import Common

/// The proof of possession Microsoft Graph's `addKey` and `removeKey` ask for: a JWT the
/// application signs with the private key of one of its current, valid certificates.
///
/// Source: https://learn.microsoft.com/graph/api/application-addkey and
/// https://learn.microsoft.com/graph/api/application-removekey (v1.0), "proof": "A self-signed
/// JWT token used as a proof of possession of the existing keys … signed using the private key
/// of one of the application's existing valid certificates", with the claims
/// - `aud` `00000002-0000-0000-c000-000000000000`,
/// - `iss` the ID of the application that makes the call (its Object ID, the application's `id`),
/// - `nbf` the not-before time,
/// - `exp` `nbf` + 10 minutes.
///
/// The header is `alg` RS256, `typ` JWT and `x5t` (the certificate's SHA-1 thumbprint, base64url),
/// as the reference's sample signs it with an `X509SecurityKey`. Like a client assertion the
/// compact form is a credential for its lifetime: it is sent once and never printed or stored.
public struct KeyProof: Sendable, CustomStringConvertible {
    /// The audience the references name (the Azure AD Graph application ID).
    public static let audience = "00000002-0000-0000-c000-000000000000"
    /// `exp` − `nbf`: the references' 10 minutes.
    public static let lifetime = 600

    /// The `iss` claim: the application's Object ID.
    public let objectID: String
    /// `nbf`, seconds since 1970.
    public let notBefore: Int
    /// The compact JWS.
    package let compact: String

    /// Signs a proof for the application `objectID` with `key`, the key of the certificate
    /// whose thumbprints are `fingerprints`.
    package init(key: RSAPrivateKey, fingerprints: CertificateFingerprints, objectID: String, now: Date = Date()) throws {
        let notBefore = Int(now.timeIntervalSince1970.rounded(.down))
        let header: [(String, CompactJSON.Value)] = [("alg", .string("RS256")), ("typ", .string("JWT")), ("x5t", .string(fingerprints.x5t))]
        let claims: [(String, CompactJSON.Value)] = [
            ("aud", .string(Self.audience)), ("iss", .string(objectID)),
            ("nbf", .int(notBefore)), ("exp", .int(notBefore + Self.lifetime)),
        ]
        let signingInput = Base64.encodeURL(Array(CompactJSON.object(header).utf8)) + "." + Base64.encodeURL(Array(CompactJSON.object(claims).utf8))
        let signature = try key.sign(Array(signingInput.utf8), scheme: .rs256)
        self.objectID = objectID
        self.notBefore = notBefore
        self.compact = signingInput + "." + Base64.encodeURL(signature)
    }

    /// Names the application and the time; never the compact form.
    public var description: String { "proof of possession (RS256, x5t, iss \(objectID), valid \(Self.lifetime) s)" }
}
