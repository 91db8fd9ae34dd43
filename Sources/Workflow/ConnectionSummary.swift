#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Common
import Vault
import Domain

/// A connection as `connections --json`, `show --json` and `export --format json` print it:
/// the non-secret description (no key, sealed or not), with stable field names.
public struct ConnectionSummary: Sendable {
    public var listing: ConnectionListing
    public var daysLeft: Int
    /// The public certificate, base64 DER (only in `export --format json`).
    public var certificate: String?

    public init(_ listing: ConnectionListing, now: Date = Date(), certificate: [UInt8]? = nil) {
        self.listing = listing
        daysLeft = DaysLeft.until(listing.notAfter, now: now)
        self.certificate = certificate.map { Base64.encode($0) }
    }

    public init(_ record: ConnectionRecord, now: Date = Date(), includeCertificate: Bool = false) {
        self.init(ConnectionListing(record), now: now, certificate: includeCertificate ? Array(record.certificate) : nil)
    }

    /// Whole days from `now` until `notAfter` (negative once it has passed).
    /// The JSON object; field names are part of the command-line contract. `siteRole` is
    /// only there for `sites-selected` (the tenant-wide profiles have none).
    public var json: JSONValue {
        .members([
            "name": .string(listing.name),
            "id": .string(listing.id),
            "tenantID": .string(listing.tenantID),
            "tenantDomain": .optional(listing.tenantDomain),
            "clientID": .string(listing.clientID),
            "objectID": .optional(listing.objectID),
            "cloud": .string(listing.cloud.rawValue),
            "sites": .strings(listing.sites),
            "permission": .string(listing.permission.rawValue),
            "siteRole": listing.permission == .sitesSelected ? .string(listing.siteRole.rawValue) : nil,
            "appName": .string(listing.appName),
            "thumbprint": .string(listing.thumbprintSHA1),
            "thumbprintSHA256": .string(listing.thumbprintSHA256),
            "notAfter": .string(ISO8601.string(listing.notAfter)),
            "daysLeft": .int(daysLeft),
            "requestID": .optional(listing.requestID),
            "createdAt": .string(ISO8601.string(listing.createdAt)),
            "certificate": .optional(certificate),
        ])
    }
}
