#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OpenSSLSupport
import Domain

/// What `cert new` and `cert inspect` print about a certificate; `--json` encodes it as is.
public struct CertificateSummary: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var serial: String
    public var notBefore: String
    public var notAfter: String
    /// SHA-1, 40 upper-case hex digits: the Entra portal's form.
    public var thumbprint: String
    /// SHA-256, colon-separated.
    public var sha256Fingerprint: String
    public var x5t: String
    public var x5tS256: String
    public var keySize: Int
    public var signatureAlgorithm: String
    public var selfSigned: Bool
    /// Whether a private key was found with the certificate (PFX only).
    public var hasPrivateKey: Bool
    public var files: [String]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case subject, issuer, serial, notBefore, notAfter, thumbprint
        case sha256Fingerprint = "sha256"
        case x5t
        case x5tS256 = "x5t#S256"
        case keySize, signatureAlgorithm, selfSigned, hasPrivateKey, files, warnings
    }

    /// The summary of `certificate`, with the files written and any warnings.
    package init(_ certificate: X509Certificate, hasPrivateKey: Bool, files: [String] = [], warnings: [String] = []) {
        let prints = certificate.fingerprints
        subject = certificate.subject
        issuer = certificate.issuer
        serial = certificate.serialHex
        notBefore = ISO8601.string(certificate.notBefore)
        notAfter = ISO8601.string(certificate.notAfter)
        thumbprint = prints.thumbprint
        sha256Fingerprint = prints.sha256Fingerprint
        x5t = prints.x5t
        x5tS256 = prints.x5tS256
        keySize = certificate.keyBits
        signatureAlgorithm = certificate.signatureAlgorithm
        selfSigned = certificate.subject == certificate.issuer
        self.hasPrivateKey = hasPrivateKey
        self.files = files
        self.warnings = warnings
    }

    /// The human-readable form, one `label: value` line each.
    public var text: String {
        var lines = [
            "Subject:            \(subject)",
            "Serial:             \(serial)",
            "Valid from:         \(notBefore)",
            "Valid until:        \(notAfter)",
            "Key:                RSA \(keySize) bits, \(signatureAlgorithm)",
            "Thumbprint (SHA-1): \(thumbprint)",
            "SHA-256:            \(sha256Fingerprint)",
            "x5t:                \(x5t)",
            "x5t#S256:           \(x5tS256)",
        ]
        if !selfSigned { lines.insert("Issuer:             \(issuer)", at: 1) }
        if !files.isEmpty {
            lines.append("Files:")
            lines += files.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON document, stable field names, sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
