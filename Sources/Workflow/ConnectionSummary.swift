#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Common
import Vault

/// A connection as `connections --json`, `show --json` and `export --format json` print it:
/// the non-secret description (no key, sealed or not).
public struct ConnectionSummary: Codable, Sendable {
    public var name: String
    public var id: String
    public var tenantID: String
    public var tenantDomain: String?
    public var clientID: String
    public var cloud: String
    public var sites: [String]
    public var permission: String
    public var siteRole: String
    public var appName: String
    public var thumbprint: String
    public var thumbprintSHA256: String
    public var notAfter: String
    public var daysLeft: Int
    public var requestID: String?
    public var createdAt: String
    /// The public certificate, base64 DER (only in `export --format json`).
    public var certificate: String?

    public init(_ record: ConnectionRecord, now: Date = Date(), includeCertificate: Bool = false) {
        name = record.name
        id = record.id
        tenantID = record.tenantID
        tenantDomain = record.tenantDomain
        clientID = record.clientID
        cloud = record.cloud
        sites = record.sites
        permission = record.permission
        siteRole = record.siteRole
        appName = record.appName
        thumbprint = record.thumbprintSHA1
        thumbprintSHA256 = record.thumbprintSHA256
        notAfter = ISO8601.string(record.notAfter)
        daysLeft = Int((record.notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
        requestID = record.requestID
        createdAt = ISO8601.string(record.createdAt)
        certificate = includeCertificate ? Base64.encode(Array(record.certificate)) : nil
    }

    /// One line for the `connections` table.
    public var row: [String] { [name, tenantID, clientID, cloud, String(notAfter.prefix(10)), daysLeft < 0 ? "expired" : "\(daysLeft)"] }

    /// `label: value` lines for `show`.
    public var text: String {
        var lines = [
            "Connection:               \(name)",
            "Directory (tenant) ID:    \(tenantID)" + (tenantDomain.map { " (\($0))" } ?? ""),
            "Application (client) ID:  \(clientID)",
            "Cloud:                    \(cloud)",
            "Permission:               \(permission)" + (permission == "sites-selected" ? " (\(siteRole))" : ""),
            "Sites:                    \(sites.isEmpty ? "(none)" : sites.joined(separator: ", "))",
            "Thumbprint (SHA-1):       \(thumbprint)",
            "SHA-256:                  \(thumbprintSHA256)",
            "Certificate until:        \(notAfter) (\(daysLeft < 0 ? "expired" : "\(daysLeft) days left"))",
        ]
        if let requestID { lines.append("From request:             \(requestID)") }
        return lines.joined(separator: "\n")
    }
}
