#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain
import GRDB

/// A finished connection: the app registration's IDs, the certificate and its sealed key.
public struct ConnectionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "connections"

    /// The ID of the request it came from; the sealed key is bound to it.
    public var id: String
    /// Unique, chosen by the user or derived from the tenant and app name.
    public var name: String
    /// Directory (tenant) ID: a GUID, or a domain until `verify` resolves it.
    public var tenantID: String
    public var tenantDomain: String?
    /// Application (client) ID.
    public var clientID: String
    /// The app registration's Object ID (the application object's `id` in Microsoft Graph),
    /// when the admin's reply gave it; renewing the certificate without an admin needs it.
    public var objectID: String?
    /// Stored as its word (`global`); an unknown word fails the read with ``ErrorCode/unknownValue``.
    public var cloud: Cloud
    public var sites: [String]
    public var permission: PermissionProfile
    /// The role on each site, for ``PermissionProfile/sitesSelected``.
    public var siteRole: SiteRole
    public var appName: String
    /// The certificate, DER.
    public var certificate: Data
    /// The private key sealed for this connection (binding `connection`, ``id``).
    public var sealedKey: Data
    public var thumbprintSHA1: String
    public var thumbprintSHA256: String
    public var notAfter: Date
    public var requestID: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The record MAC (see ``RequestRecord/mac``); nil for a connection made before record MACs, until its first.
    public var mac: Data?

    // The certificate history (`renew`); see <doc:SEALING>, "Certificate history".
    /// The current certificate's `keyId` on the app registration, when spconnect learnt it
    /// (Graph's `addKey` answer); nil for the certificate the admin uploaded.
    public var keyID: String?
    /// The certificate before the current one, still registered until it is retired (DER).
    public var previousCertificate: Data?
    /// Its private key, sealed for (`connection.previous`, ``id``).
    public var previousSealedKey: Data?
    /// Its `keyId`, when known.
    public var previousKeyID: String?
    /// Its record MAC (kind `connection.previous`).
    public var previousMAC: Data?
    /// The certificate a renewal is adding (DER), until it is proved and made current.
    public var pendingCertificate: Data?
    /// Its private key, sealed for (`connection.pending`, ``id``).
    public var pendingSealedKey: Data?
    /// How far the renewal got: ``RenewalState``'s raw value.
    public var pendingState: String?
    /// The `keyId` Graph gave the pending certificate, when its answer arrived.
    public var pendingKeyID: String?
    /// Its record MAC (kind `connection.pending`).
    public var pendingMAC: Data?
    /// When the renewal began.
    public var pendingSince: Date?

    public init(id: String, name: String, tenantID: String, tenantDomain: String?, clientID: String, cloud: Cloud,
                sites: [String], permission: PermissionProfile, siteRole: SiteRole, appName: String, certificate: Data, sealedKey: Data,
                thumbprintSHA1: String, thumbprintSHA256: String, notAfter: Date, requestID: String?, objectID: String? = nil,
                now: Date = Date()) {
        self.id = id
        self.name = name
        self.tenantID = tenantID
        self.tenantDomain = tenantDomain
        self.clientID = clientID
        self.objectID = objectID
        self.cloud = cloud
        self.sites = sites
        self.permission = permission
        self.siteRole = siteRole
        self.appName = appName
        self.certificate = certificate
        self.sealedKey = sealedKey
        self.thumbprintSHA1 = thumbprintSHA1
        self.thumbprintSHA256 = thumbprintSHA256
        self.notAfter = notAfter
        self.requestID = requestID
        self.createdAt = now
        self.updatedAt = now
    }
}
