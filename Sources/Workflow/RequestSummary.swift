#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Vault

/// A request as `requests --json` and `show --json` print it: no secret, stable field names.
public struct RequestSummary: Codable, Sendable {
    public var id: String
    public var status: String
    public var tenant: String
    public var cloud: String
    public var admins: [String]
    public var requester: String
    public var sites: [String]
    public var permission: String
    public var siteRole: String
    public var api: String
    public var appName: String
    public var thumbprint: String
    public var notAfter: String
    public var messageID: String?
    public var lastError: String?
    public var createdAt: String
    public var updatedAt: String
    public var sentAt: String?

    public init(_ record: RequestRecord) {
        id = record.id
        status = record.status.rawValue
        tenant = record.tenant
        cloud = record.cloud
        admins = record.admins
        requester = record.requester
        sites = record.sites
        permission = record.permission
        siteRole = record.siteRole
        api = record.api
        appName = record.appName
        thumbprint = record.thumbprint
        notAfter = ISO8601.string(record.notAfter)
        messageID = record.messageID
        lastError = record.lastError
        createdAt = ISO8601.string(record.createdAt)
        updatedAt = ISO8601.string(record.updatedAt)
        sentAt = record.sentAt.map(ISO8601.string)
    }

    /// One line for the `requests` table.
    public var row: [String] { [id, status, tenant, appName, admins.joined(separator: ","), String(createdAt.prefix(10))] }

    /// `label: value` lines for `show`.
    public var text: String {
        var lines = [
            "Request:            \(id)",
            "Status:             \(status)",
            "Tenant:             \(tenant) (\(cloud))",
            "App name:           \(appName)",
            "Admins:             \(admins.joined(separator: ", "))",
            "Requester:          \(requester)",
            "Permission:         \(permission)" + (permission == "sites-selected" ? " (\(siteRole))" : ""),
            "Sites:              \(sites.isEmpty ? "(none)" : sites.joined(separator: ", "))",
            "Thumbprint (SHA-1): \(thumbprint)",
            "Certificate until:  \(notAfter)",
            "Created:            \(createdAt)",
        ]
        if let sentAt { lines.append("Sent:               \(sentAt)") }
        if let messageID { lines.append("Message-ID:         \(messageID)") }
        if let lastError { lines.append("Last error:         \(lastError)") }
        return lines.joined(separator: "\n")
    }
}
