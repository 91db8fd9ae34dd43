import Foundation
import Testing
@testable import Vault
import OpenSSLSupport
import Common
import Domain

/// `Store.completeAdminRenewal`: a renewal request's certificate becomes the connection's
/// pending one (added, not yet proved), its key sealed again under its binding; the current one stays.
@Suite struct AdminRenewalTests {
    static let passphrase = SecretBytes(Array("correct horse".utf8))

    static func pair(_ name: String) -> (key: SecretBytes, certificate: X509Certificate) {
        let rsa = try! RSAPrivateKey.generate(bits: 2048)
        return (try! rsa.pkcs8DER(), try! SelfSignedCertificate.make(commonName: name, key: rsa, days: 30))
    }

    static let old = pair("old")
    static let new = pair("new")

    func request(_ id: String, _ pair: (key: SecretBytes, certificate: X509Certificate), renews: String? = nil) -> RequestRecord {
        var record = RequestRecord(id: id, tenant: "11111111-2222-4333-8444-555555555555", cloud: .global, admins: ["admin@contoso.com"],
                                   requester: "dev@contoso.com", sites: ["https://contoso.sharepoint.com/sites/a"], permission: .sitesSelected,
                                   siteRole: .write, api: .sharepoint, appName: "reports", certificate: Data(pair.certificate.der),
                                   thumbprint: pair.certificate.fingerprints.thumbprint, notAfter: pair.certificate.notAfter)
        record.clientID = "66666666-7777-4888-9999-000000000000"
        record.renewsConnection = renews
        return record
    }

    /// A store with a connection (from SPC-AAAA-0001, the old certificate) and a renewal request for it (SPC-AAAA-0002).
    func makeStore() throws -> (Store, URL, ConnectionRecord) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        let store = try Store.create(at: StoreLocation(home: folder.path + "/home", pinFolder: folder.path + "/pins"),
                                     passphrase: Self.passphrase, parameters: ScryptParameters(logN: 14))
        try store.addRequest(request("SPC-AAAA-0001", Self.old), privateKey: Self.old.key)
        let values = Store.Fulfilment(name: "contoso-reports", tenantID: "11111111-2222-4333-8444-555555555555", tenantDomain: nil,
                                      clientID: "66666666-7777-4888-9999-000000000000")
        let connection = try store.fulfil("SPC-AAAA-0001", with: values, thumbprintSHA256: Self.old.certificate.fingerprints.sha256Fingerprint)
        try store.addRequest(request("SPC-AAAA-0002", Self.new, renews: connection.id), privateKey: Self.new.key)
        return (store, folder, connection)
    }

    func bytes(_ secret: SecretBytes) -> [UInt8] { secret.withUnsafeBytes { Array($0) } }

    func adminRenewal(_ id: String = "SPC-AAAA-0002", objectID: String? = nil) -> Store.AdminRenewal {
        Store.AdminRenewal(requestID: id, objectID: objectID)
    }

    @Test func theNewCertificateBecomesPendingAndCurrentOnlyWhenTheRenewalCompletes() throws {
        let (store, folder, connection) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        let renewal = try store.request("SPC-AAAA-0002")
        let values = adminRenewal(objectID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        let (updated, changed) = try store.completeAdminRenewal(connection.id, values, expectedCurrent: connection.certificate,
                                                                newKey: try unlocked.key(of: renewal))
        #expect(changed)
        // Nothing proves yet that Entra accepts the admin's certificate: the current one stays.
        #expect(updated.certificate == Data(Self.old.certificate.der))
        #expect(updated.previousCertificate == nil)
        #expect(updated.pendingCertificate == Data(Self.new.certificate.der))
        #expect(updated.pendingState == RenewalState.added.rawValue)
        #expect(updated.pendingKeyID == nil, "no keyId Graph confirmed")
        #expect(updated.objectID == "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        let stored = try store.connection("contoso-reports")
        #expect(bytes(try unlocked.key(of: stored)) == bytes(Self.old.key))
        #expect(bytes(try unlocked.pendingKey(of: stored)) == bytes(Self.new.key))
        let fulfilled = try store.request("SPC-AAAA-0002")
        #expect(fulfilled.status == .fulfilled && fulfilled.sealedKey == nil && fulfilled.sealedConnectionKey == nil)
        #expect(try store.recordMACProblems().isEmpty)

        // The same request again (a second import that lost the race): the same connection, unchanged.
        let again = try store.completeAdminRenewal(connection.id, values, expectedCurrent: stored.certificate, newKey: Self.new.key)
        #expect(!again.changed && again.connection.pendingCertificate == Data(Self.new.certificate.der))

        // The proved certificate becomes current as a Graph renewal's does, with no keyId stored.
        let prints = Self.new.certificate.fingerprints
        let completed = try store.completeRenewal(connection.id, certificate: Data(Self.new.certificate.der), newKey: try unlocked.pendingKey(of: stored),
                                                  currentKey: try unlocked.key(of: stored), thumbprintSHA1: prints.thumbprint,
                                                  thumbprintSHA256: prints.sha256Fingerprint, notAfter: Self.new.certificate.notAfter)
        #expect(completed.certificate == Data(Self.new.certificate.der) && completed.previousCertificate == Data(Self.old.certificate.der))
        #expect(completed.keyID == nil && completed.previousKeyID == nil)
        #expect(bytes(try unlocked.key(of: completed)) == bytes(Self.new.key))
        #expect(bytes(try unlocked.previousKey(of: completed)) == bytes(Self.old.key))

    }

    @Test func aFulfilledRequestWhoseCertificateTheConnectionDroppedCannotBeImportedAgain() throws {
        let (store, folder, connection) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        let renewal = try store.request("SPC-AAAA-0002")
        _ = try store.completeAdminRenewal(connection.id, adminRenewal(), expectedCurrent: connection.certificate, newKey: try unlocked.key(of: renewal))
        // The pending certificate is dropped (its proof failed): the request stays fulfilled.
        try store.abandonRenewal(connection.id, certificate: Data(Self.new.certificate.der), reason: "test")
        let refused = #expect(throws: VaultError.self) {
            try store.completeAdminRenewal(connection.id, adminRenewal(), expectedCurrent: connection.certificate, newKey: Self.new.key)
        }
        #expect(refused?.code == .invalidState)
        #expect(refused?.reason.contains("request SPC-AAAA-0002 is fulfilled") == true, "\(String(describing: refused))")
        #expect(try store.connection("contoso-reports").pendingCertificate == nil)
    }

    @Test(arguments: ["previous", "pending"])
    func aPreviousOrPendingCertificateRefusesTheImportChangingNothing(_ kept: String) throws {
        let (store, folder, connection) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        let third = Self.pair("third")
        let begun = try store.beginRenewal(connection.id, certificate: Data(third.certificate.der), key: third.key)
        if kept == "previous" {
            let prints = third.certificate.fingerprints
            _ = try store.completeRenewal(connection.id, certificate: Data(third.certificate.der), newKey: third.key,
                                          currentKey: try unlocked.key(of: begun), thumbprintSHA1: prints.thumbprint,
                                          thumbprintSHA256: prints.sha256Fingerprint, notAfter: third.certificate.notAfter)
        }
        let before = try store.connection("contoso-reports")
        let renewal = try store.request("SPC-AAAA-0002")
        let refused = #expect(throws: VaultError.self) {
            try store.completeAdminRenewal(connection.id, adminRenewal(), expectedCurrent: before.certificate, newKey: try unlocked.key(of: renewal))
        }
        #expect(refused?.code == .invalidState)
        #expect(refused?.reason.contains(kept == "previous" ? "still keeps its previous certificate" : "has a renewal under way") == true, "\(String(describing: refused))")
        let after = try store.connection("contoso-reports")
        #expect(after.certificate == before.certificate && after.previousCertificate == before.previousCertificate
                && after.pendingCertificate == before.pendingCertificate)
        #expect(try store.request("SPC-AAAA-0002").status == .drafted)
    }

    @Test func aRenewalRequestNeverBecomesANewConnectionAndAChangedCertificateIsAConflict() throws {
        let (store, folder, connection) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let values = Store.Fulfilment(name: "second", tenantID: "11111111-2222-4333-8444-555555555555", tenantDomain: nil,
                                      clientID: "66666666-7777-4888-9999-000000000000")
        let refused = #expect(throws: VaultError.self) {
            try store.fulfil("SPC-AAAA-0002", with: values, thumbprintSHA256: Self.new.certificate.fingerprints.sha256Fingerprint)
        }
        #expect(refused?.code == .invalidState)
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        let renewal = try store.request("SPC-AAAA-0002")
        let admin = adminRenewal(renewal.id)
        // The connection's certificate is not the one the import read: nothing changes.
        let conflict = #expect(throws: VaultError.self) {
            try store.completeAdminRenewal(connection.id, admin, expectedCurrent: Data(Self.new.certificate.der),
                                           newKey: try unlocked.key(of: renewal))
        }
        #expect(conflict?.code == .conflict)
        #expect(try store.connection("contoso-reports").certificate == connection.certificate)
        #expect(try store.request("SPC-AAAA-0002").status == .drafted)
    }

    @Test func theRecordMACCoversTheConnectionARequestRenews() throws {
        let (store, folder, _) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var moved = try store.request("SPC-AAAA-0002")
        try store.checkRecordMAC(of: moved)
        moved.renewsConnection = "SPC-ZZZZ-0009"
        #expect(throws: VaultError.self) { try store.checkRecordMAC(of: moved) }
        moved.renewsConnection = nil
        #expect(throws: VaultError.self) { try store.checkRecordMAC(of: moved) }
    }
}
