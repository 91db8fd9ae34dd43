import Foundation
import Testing
@testable import Vault
import OpenSSLSupport
import Common
import Domain

/// `Store.completeAdminRenewal`: a renewal request's certificate becomes the connection's
/// current one, the old one its previous, with the keys sealed again under their bindings.
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

    @Test func theNewCertificateBecomesCurrentAndTheOldOneThePreviousWithTheirKeys() throws {
        let (store, folder, connection) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        let renewal = try store.request("SPC-AAAA-0002")
        let values = Store.AdminRenewal(requestID: renewal.id, objectID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                                        thumbprintSHA256: Self.new.certificate.fingerprints.sha256Fingerprint, keyID: "key-from-scripts")
        let updated = try store.completeAdminRenewal(connection.id, values, expectedCurrent: connection.certificate,
                                                     newKey: try unlocked.key(of: renewal), currentKey: try unlocked.key(of: connection))
        #expect(updated.certificate == Data(Self.new.certificate.der))
        #expect(updated.previousCertificate == Data(Self.old.certificate.der))
        #expect(updated.keyID == "key-from-scripts" && updated.objectID == "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        // Each key opens under its new binding, after its consistency and MAC checks.
        let stored = try store.connection("contoso-reports")
        #expect(bytes(try unlocked.key(of: stored)) == bytes(Self.new.key))
        #expect(bytes(try unlocked.previousKey(of: stored)) == bytes(Self.old.key))
        let fulfilled = try store.request("SPC-AAAA-0002")
        #expect(fulfilled.status == .fulfilled && fulfilled.sealedKey == nil && fulfilled.sealedConnectionKey == nil)
        #expect(try store.recordMACProblems().isEmpty)
        // The same request cannot be imported twice.
        #expect(throws: VaultError.self) {
            try store.completeAdminRenewal(connection.id, values, expectedCurrent: stored.certificate,
                                           newKey: Self.new.key, currentKey: Self.new.key)
        }
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
        let admin = Store.AdminRenewal(requestID: renewal.id, objectID: nil, thumbprintSHA256: Self.new.certificate.fingerprints.sha256Fingerprint, keyID: nil)
        // The connection's certificate is not the one the import read: nothing changes.
        let conflict = #expect(throws: VaultError.self) {
            try store.completeAdminRenewal(connection.id, admin, expectedCurrent: Data(Self.new.certificate.der),
                                           newKey: try unlocked.key(of: renewal), currentKey: try unlocked.key(of: connection))
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
