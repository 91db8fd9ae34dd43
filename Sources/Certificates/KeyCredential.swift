#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import OpenSSLSupport
import Domain

/// The certificate as an Entra application's key credential, in the two JSON forms admins meet.
///
/// - ``graph``: Microsoft Graph's `keyCredential` resource (for `PATCH /applications/{id}`
///   with `keyCredentials`), fields `customKeyIdentifier`, `displayName`, `endDateTime`,
///   `key`, `keyId`, `startDateTime`, `type`, `usage`.
///   Source: https://learn.microsoft.com/en-us/graph/api/resources/keycredential
///   (`key` is the DER certificate in base64; `customKeyIdentifier` defaults to the
///   thumbprint when left out, so it is left out; `type` AsymmetricX509Cert, `usage` Verify).
/// - ``manifest``: the legacy app-manifest (Azure AD Graph) form with
///   `customKeyIdentifier` (base64 of the SHA-1 thumbprint), `keyId`, `type`, `usage`
///   and `value` (base64 of the DER certificate).
public struct KeyCredential: Sendable, Equatable {
    public let keyId: String
    public let displayName: String
    public let certificateDER: [UInt8]
    public let thumbprintSHA1: [UInt8]
    public let notBefore: Date
    public let notAfter: Date

    /// The key credential for `certificate`, under the GUID `keyId`.
    package init(certificate: X509Certificate, keyId: String) {
        self.keyId = keyId
        self.displayName = certificate.subject
        self.certificateDER = certificate.der
        self.thumbprintSHA1 = certificate.fingerprints.sha1
        self.notBefore = certificate.notBefore
        self.notAfter = certificate.notAfter
    }

    /// The `keyId` the request's scripts and manifest entry give `certificate`: its SHA-256's
    /// first 16 bytes as an RFC 9562 version 8 GUID, so every rendering agrees (and `renew
    /// --retire` knows the keyId of a certificate the admin added with them).
    package static func scriptKeyID(for certificate: X509Certificate) -> String {
        var bytes = Array(certificate.fingerprints.sha256.prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Hex.upper(bytes).lowercased()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.map(String.init).joined(separator: "-")
    }

    /// Microsoft Graph's `keyCredential` object.
    public var graph: [String: String] {
        [
            "displayName": displayName,
            "endDateTime": ISO8601.string(notAfter),
            "key": Base64.encode(certificateDER),
            "keyId": keyId,
            "startDateTime": ISO8601.string(notBefore),
            "type": "AsymmetricX509Cert",
            "usage": "Verify",
        ]
    }

    /// The legacy manifest `keyCredentials` entry.
    public var manifest: [String: String] {
        [
            "customKeyIdentifier": Base64.encode(thumbprintSHA1),
            "keyId": keyId,
            "type": "AsymmetricX509Cert",
            "usage": "Verify",
            "value": Base64.encode(certificateDER),
        ]
    }

    /// The file `NAME.keycredential.json`: both forms, pretty-printed, keys sorted.
    public var fileJSON: [UInt8] {
        let document: [String: [String: String]] = ["keyCredential": graph, "manifestKeyCredential": manifest]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(document)) ?? Data()) + [0x0A]
    }
}
