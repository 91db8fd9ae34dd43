import Common

/// A certificate's identifiers in the forms the tools around it use.
///
/// - The Entra admin center shows the SHA-1 thumbprint as 40 upper-case hex digits.
/// - JOSE headers carry `x5t` (base64url of the SHA-1 digest) and `x5t#S256`
///   (base64url of the SHA-256 digest), RFC 7515 §4.1.7–4.1.8.
package struct CertificateFingerprints: Sendable, Equatable {
    /// SHA-1 of the DER certificate.
    package let sha1: [UInt8]
    /// SHA-256 of the DER certificate.
    package let sha256: [UInt8]

    /// The fingerprints from the two digests of the DER certificate.
    package init(sha1: [UInt8], sha256: [UInt8]) {
        self.sha1 = sha1
        self.sha256 = sha256
    }

    /// The thumbprint as the Entra portal shows it: 40 upper-case hex digits.
    package var thumbprint: String { Hex.upper(sha1) }

    /// The SHA-256 fingerprint, colon-separated upper-case hex (as `openssl x509 -fingerprint -sha256`).
    package var sha256Fingerprint: String { Hex.colons(sha256) }

    /// The SHA-1 fingerprint, colon-separated (as `openssl x509 -fingerprint -sha1`).
    package var sha1Fingerprint: String { Hex.colons(sha1) }

    /// JOSE `x5t`.
    package var x5t: String { Base64.encodeURL(sha1) }

    /// JOSE `x5t#S256`.
    package var x5tS256: String { Base64.encodeURL(sha256) }
}
