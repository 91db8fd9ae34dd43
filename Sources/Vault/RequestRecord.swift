#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain
import GRDB

/// A request sent (or to be sent) to a tenant admin, with its certificate and sealed key.
public struct RequestRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "requests"

    /// Where a request stands.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case drafted, sent, failed, fulfilled, cancelled

        /// Whether the admin's reply can still be imported.
        public var isPending: Bool { self == .drafted || self == .sent || self == .failed }
    }

    /// `SPC-XXXX-XXXX`.
    public var id: String
    /// The tenant as the requester gave it: a GUID or a domain.
    public var tenant: String
    /// Stored as its word (`global`); an unknown word fails the read with ``ErrorCode/unknownValue``.
    public var cloud: Cloud
    public var admins: [String]
    /// The addresses the email is copied to (`--cc`).
    public var cc: [String]
    public var requester: String
    public var sites: [String]
    public var permission: PermissionProfile
    /// The role on each site, for ``PermissionProfile/sitesSelected``.
    public var siteRole: SiteRole
    public var api: APITarget
    public var appName: String
    /// The client ID of an existing application the requester asked the certificate for
    /// (`request --client-id`); nil for a new application.
    public var clientID: String?
    /// The ID of the connection this request renews (`renew --via-admin`): its reply makes the
    /// certificate that connection's current one; nil for a request for a new connection.
    /// The record MAC covers it (``Store/macKind(of:)``).
    public var renewsConnection: String?
    /// The certificate, DER.
    public var certificate: Data
    /// SHA-1 thumbprint, 40 upper-case hex digits.
    public var thumbprint: String
    public var notAfter: Date
    /// The private key sealed for this request (binding `request`, ``id``); cleared when fulfilled.
    public var sealedKey: Data?
    /// The same key sealed for the connection this request becomes (binding `connection`, ``id``).
    public var sealedConnectionKey: Data?
    public var status: Status
    public var messageID: String?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var sentAt: Date?
    /// The record MAC (HMAC-SHA256 of kind, ID and certificate digests under the key beside
    /// the pin; see `SEALING.md`); nil for a request made before record MACs, until its first.
    public var mac: Data?

    public init(id: String, tenant: String, cloud: Cloud, admins: [String], cc: [String] = [], requester: String, sites: [String],
                permission: PermissionProfile, siteRole: SiteRole, api: APITarget, appName: String, certificate: Data, thumbprint: String,
                notAfter: Date, status: Status = .drafted, now: Date = Date()) {
        self.id = id
        self.tenant = tenant
        self.cloud = cloud
        self.admins = admins
        self.cc = cc
        self.requester = requester
        self.sites = sites
        self.permission = permission
        self.siteRole = siteRole
        self.api = api
        self.appName = appName
        self.certificate = certificate
        self.thumbprint = thumbprint
        self.notAfter = notAfter
        self.status = status
        self.createdAt = now
        self.updatedAt = now
    }
}
