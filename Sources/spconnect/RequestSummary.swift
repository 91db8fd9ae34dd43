#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Vault
import Domain

/// A request as `requests --json`, `show --json` and `request --json` print it: no secret,
/// stable field names, timestamps in plain ISO 8601 (the days left in their own field).
struct RequestSummary: Codable, Sendable {
    /// How one delivery went (`request --json`, `send --json`).
    struct Delivery: Codable, Sendable {
        /// `outbox` or `smtp`.
        var transport: String
        /// The draft's path, or the SMTP server.
        var destination: String?
        /// The SMTP server's last reply, when it accepted the message.
        var serverReply: String?
        /// Why the delivery failed.
        var error: String?
        /// The recipients the SMTP server refused, when it failed.
        var rejectedRecipients: [String]?
        /// The mail program asked to open the draft (`--open`), and why it did not.
        var opened: Opened?

        /// One delivery's outcome.
        init(transport: String, destination: String?, serverReply: String?, error: String?, rejectedRecipients: [String]?) {
            self.transport = transport
            self.destination = destination
            self.serverReply = serverReply
            self.error = error
            self.rejectedRecipients = rejectedRecipients
        }
    }

    /// The opener `--open` ran on the draft (`xdg-open`, `open`) and, when it failed, why.
    struct Opened: Codable, Sendable {
        var opener: String
        var error: String?
    }

    var id: String
    var status: String
    var tenant: String
    var cloud: String
    var admins: [String]
    /// The addresses the email is copied to (`--cc`).
    var cc: [String]
    var requester: String
    var sites: [String]
    var permission: String
    /// Only for `sites-selected`: the tenant-wide profiles have no site role.
    var siteRole: String?
    var api: String
    var appName: String
    /// The existing app the certificate is for (`request --client-id`, `renew --via-admin`).
    var clientID: String?
    /// The ID of the connection the request renews (`renew --via-admin`).
    var renewsConnection: String?
    var thumbprint: String
    var notAfter: String
    /// Whole days from now until ``notAfter`` (negative once expired).
    var daysLeft: Int
    var messageID: String?
    var lastError: String?
    var createdAt: String
    var updatedAt: String
    var sentAt: String?
    /// The draft's path, when the email was written to the outbox by this delivery.
    var outbox: String?
    /// The delivery just made (only in `request --json` and `send --json`).
    var delivery: Delivery?
    /// Whether `send --mark-sent` found the request marked sent already (only there).
    var alreadySent: Bool?

    init(_ record: RequestRecord, now: Date = Date()) {
        id = record.id
        status = record.status.rawValue
        tenant = record.tenant
        cloud = record.cloud.rawValue
        admins = record.admins
        cc = record.cc
        requester = record.requester
        sites = record.sites
        permission = record.permission.rawValue
        siteRole = record.permission == .sitesSelected ? record.siteRole.rawValue : nil
        api = record.api.rawValue
        appName = record.appName
        clientID = record.clientID
        renewsConnection = record.renewsConnection
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
    var row: [String] { [id, status, tenant, appName, admins.joined(separator: ","), String(createdAt.prefix(10))] }

    /// `label: value` lines for `show`.
    var text: String {
        var lines = [
            "Request:            \(id)" as String?,
            "Status:             \(status)",
            "Tenant:             \(tenant) (\(cloud))",
            "App name:           \(appName)",
            clientID.map { "Client ID:          \($0) (an existing app)" },
            renewsConnection.map { "Renews:             connection \($0) (its reply goes into it)" },
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
