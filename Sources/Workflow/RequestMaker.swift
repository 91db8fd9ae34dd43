#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OpenSSLSupport
import Common
import Mail
import Vault
import Domain

/// The first half of `request`: a new key and certificate, and the pending request stored
/// with its key sealed, before anything is sent (so a failed delivery loses nothing).
public enum RequestMaker {
    /// Makes the key pair and certificate and stores the request as `drafted`.
    ///
    /// - Parameters:
    ///   - key: a key to use instead of generating one (tests and benchmarks).
    ///   - renews: the ID of the connection the request renews (`renew --via-admin`).
    package static func create(_ plan: RequestPlan, in store: Store, key: RSAPrivateKey? = nil, renews: String? = nil,
                               now: Date = Date()) throws -> RequestRecord {
        let id = try RequestID.generate()
        let key = try key ?? RSAPrivateKey.generate(bits: plan.keySize)
        let certificate = try SelfSignedCertificate.make(commonName: plan.commonName(requestID: id), key: key, days: plan.days, now: now)
        var record = RequestRecord(
            id: id, tenant: plan.tenant, cloud: plan.cloud, admins: plan.admins.map(\.description), cc: plan.cc.map(\.description),
            requester: plan.from.description, sites: plan.sites.map(\.url), permission: plan.profile,
            siteRole: plan.siteRole, api: plan.api, appName: plan.appName(requestID: id), certificate: Data(certificate.der),
            thumbprint: certificate.fingerprints.thumbprint, notAfter: certificate.notAfter, now: now)
        record.clientID = plan.clientID
        record.renewsConnection = renews
        record.messageID = try MessageID.generate(for: plan.from.address).value
        return try store.addRequest(record, privateKey: try key.pkcs8DER())
    }
}
