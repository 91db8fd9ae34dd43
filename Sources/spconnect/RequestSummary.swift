#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Vault

/// A request as `requests --json`, `show --json` and `request --json` print it: no secret,
/// stable field names, timestamps in plain ISO 8601 (the days left in their own field).
public struct RequestSummary: Codable, Sendable {
    /// How one delivery went (`request --json`, `send --json`).
    public struct Delivery: Codable, Sendable {
        /// `outbox` or `smtp`.
        public var transport: String
        /// The draft's path, or the SMTP server.
        public var destination: String?
        /// The SMTP server's last reply, when it accepted the message.
        public var serverReply: String?
        /// Why the delivery failed.
        public var error: String?
        /// The recipients the SMTP server refused, when it failed.
        public var rejectedRecipients: [String]?

        /// One delivery's outcome.
        public init(transport: String, destination: String?, serverReply: String?, error: String?, rejectedRecipients: [String]?) {
            self.transport = transport
            self.destination = destination
            self.serverReply = serverReply
            self.error = error
            self.rejectedRecipients = rejectedRecipients
        }
    }

    public var id: String
    public var status: String
    public var tenant: String
    public var cloud: String
    public var admins: [String]
    /// The addresses the email is copied to (`--cc`).
    public var cc: [String]
    public var requester: String
    public var sites: [String]
    public var permission: String
    /// Only for `sites-selected`: the tenant-wide profiles have no site role.
    public var siteRole: String?
    public var api: String
    public var appName: String
    public var thumbprint: String
    public var notAfter: String
    /// Whole days from now until ``notAfter`` (negative once expired).
    public var daysLeft: Int
    public var messageID: String?
    public var lastError: String?
    public var createdAt: String
    public var updatedAt: String
    public var sentAt: String?
    /// The draft's path, when the email was written to the outbox by this delivery.
    public var outbox: String?
    /// The delivery just made (only in `request --json` and `send --json`).
    public var delivery: Delivery?

    public init(_ record: RequestRecord, now: Date = Date()) {
        id = record.id
        status = record.status.rawValue
        tenant = record.tenant
        cloud = record.cloud
        admins = record.admins
        cc = record.cc
        requester = record.requester
        sites = record.sites
        permission = record.permission
        siteRole = record.permission == "sites-selected" ? record.siteRole : nil
        api = record.api
        appName = record.appName
        thumbprint = record.thumbprint
        notAfter = ISO8601.string(record.notAfter)
        daysLeft = DaysLeft.until(record.notAfter, now: now)
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
            "Request:            \(id)" as String?,
            "Status:             \(status)",
            "Tenant:             \(tenant) (\(cloud))",
            "App name:           \(appName)",
            "Admins:             \(admins.joined(separator: ", "))",
            cc.isEmpty ? nil : "Cc:                 \(cc.joined(separator: ", "))",
            "Requester:          \(requester)",
            "Permission:         \(permission)" + (siteRole.map { " (\($0))" } ?? ""),
            "Sites:              \(sites.isEmpty ? "(none)" : sites.joined(separator: ", "))",
            "Thumbprint (SHA-1): \(thumbprint)",
            "Certificate until:  \(notAfter)",
            "Created:            \(createdAt)",
        ].compactMap { $0 }
        if let sentAt { lines.append("Sent:               \(sentAt)") }
        if let messageID { lines.append("Message-ID:         \(messageID)") }
        if let lastError { lines.append("Last error:         \(lastError)") }
        return lines.joined(separator: "\n")
    }
}
