import Foundation
import Testing
@testable import Vault
import OpenSSLSupport
import Common
import Domain

/// The store through its Swift API: records, state changes and the conversions listings rely on.
@Suite struct StoreLibraryTests {
    static let passphrase = SecretBytes(Array("correct horse".utf8))

    func makeStore() throws -> (Store, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        let store = try Store.create(at: StoreLocation(home: folder.path + "/home", pinFolder: folder.path + "/pins"),
                                     passphrase: Self.passphrase, parameters: ScryptParameters(logN: 14))
        return (store, folder)
    }

    /// A real key and its self-signed certificate (records are checked for consistency when opened).
    static let keyAndCertificate: (key: SecretBytes, certificate: X509Certificate) = {
        let rsa = try! RSAPrivateKey.generate(bits: 2048)
        return (try! rsa.pkcs8DER(), try! SelfSignedCertificate.make(commonName: "vault test", key: rsa, days: 30))
    }()

    func realRequest(_ id: String) -> RequestRecord {
        var record = request(id)
        record.certificate = Data(Self.keyAndCertificate.certificate.der)
        record.thumbprint = Self.keyAndCertificate.certificate.fingerprints.thumbprint
        return record
    }

    func request(_ id: String, app: String = "reports") -> RequestRecord {
        RequestRecord(id: id, tenant: "contoso.onmicrosoft.com", cloud: .global, admins: ["admin@contoso.com"], requester: "dev@contoso.com",
                      sites: ["https://contoso.sharepoint.com/sites/a \"quoted\"", "https://contoso.sharepoint.com/sites/ü"],
                      permission: .sitesSelected, siteRole: .write, api: .sharepoint, appName: app,
                      certificate: Data([0x30, 0x03, 0x02, 0x01, 0x01]), thumbprint: String(repeating: "AB", count: 20),
                      notAfter: Date(timeIntervalSince1970: 1_900_000_000.5))
    }

    @Test func requestIDsAreCrockfordAndNormalise() throws {
        var seen = Set<String>()
        for _ in 0..<500 {
            let id = try RequestID.generate()
            #expect(id.count == 13 && id.hasPrefix("SPC-"))
            #expect(id.dropFirst(4).allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ-".contains($0) })
            #expect(RequestID.normalize(id.lowercased()) == id)
            seen.insert(id)
        }
        #expect(seen.count == 500)
        #expect(RequestID.normalize("spc-7k3d-q9xa") == "SPC-7K3D-Q9XA")
        #expect(RequestID.normalize("SPC 7K3D Q9XA") == "SPC-7K3D-Q9XA")
        #expect(RequestID.normalize("SPC-7K3D-Q9XO") == "SPC-7K3D-Q9X0")
        #expect(RequestID.normalize("SPC-7K3D-Q9XU") == nil)
        #expect(RequestID.normalize("SPC-7K3D") == nil)
    }

    @Test func calibrationStaysInBounds() throws {
        let parameters = try StoreKeyLock.calibrate()
        #expect(parameters.isSane)
        #expect(!ScryptParameters(logN: 13).isSane)
        #expect(!ScryptParameters(logN: 21).isSane)
        #expect(!ScryptParameters(logN: 15, r: 1).isSane)
    }

    @Test func aRequestBecomesAConnectionOnceAndItsKeyOpensOnlyAsTheConnection() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = Self.keyAndCertificate.key
        let der = secret.withUnsafeBytes { Array($0) }
        try store.addRequest(realRequest("SPC-AAAA-0001"), privateKey: secret)
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        #expect(try unlocked.key(of: store.request("SPC-AAAA-0001")).withUnsafeBytes { Array($0) } == der)

        let values = Store.Fulfilment(name: "contoso-reports", tenantID: "11111111-2222-4333-8444-555555555555", tenantDomain: nil,
                                      clientID: "66666666-7777-4888-9999-000000000000")
        let sha256 = Self.keyAndCertificate.certificate.fingerprints.sha256Fingerprint
        let connection = try store.fulfil("spc-aaaa-0001", with: values, thumbprintSHA256: sha256)
        #expect(try unlocked.key(of: connection).withUnsafeBytes { Array($0) } == der)
        let fulfilled = try store.request("SPC-AAAA-0001")
        #expect(fulfilled.status == .fulfilled)
        #expect(fulfilled.sealedKey == nil && fulfilled.sealedConnectionKey == nil)
        #expect(throws: VaultError(.conflict, "")) { try store.fulfil("SPC-AAAA-0001", with: values, thumbprintSHA256: "AA:BB") }
        #expect(throws: VaultError(.invalidState, "")) { try store.cancelRequest("SPC-AAAA-0001") }

        try store.addRequest(request("SPC-AAAA-0002"), privateKey: secret)
        #expect(throws: VaultError(.conflict, "")) { try store.fulfil("SPC-AAAA-0002", with: values, thumbprintSHA256: "AA:BB") }
        #expect(try store.request("SPC-AAAA-0002").status == .drafted)
        #expect(throws: VaultError(.notFound, "")) { try store.request("SPC-ZZZZ-0000") }
        #expect(try store.cancelRequest("SPC-AAAA-0002").status == .cancelled)
        #expect(throws: VaultError(.invalidState, "")) { try store.fulfil("SPC-AAAA-0002", with: .init(name: "other", tenantID: "t", tenantDomain: nil, clientID: "c"), thumbprintSHA256: "") }

        let actions = try store.auditLog().map(\.action)
        #expect(actions == ["init", "request.created", "connection.created", "request.created", "request.cancelled"])
    }

    @Test func theAuditLogRefusesChanges() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let update = #expect(throws: VaultError.self) { try store.write { db in try db.execute(sql: "UPDATE audit SET detail = 'x'") } }
        let delete = #expect(throws: VaultError.self) { try store.write { db in try db.execute(sql: "DELETE FROM audit") } }
        #expect(update?.code.domain == .vault)
        #expect(delete?.code.domain == .vault)
        #expect(try store.auditLog().count == 1)
    }

    @Test func listingsAgreeWithWholeRecords() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<5 {
            let id = "SPC-BBBB-000\(index)"
            try store.addRequest(request(id, app: "app \(index)"), privateKey: SecretBytes([1, 2, 3]))
            _ = try store.fulfil(id, with: .init(name: "c\(index)", tenantID: "t", tenantDomain: index % 2 == 0 ? "contoso.com" : nil, clientID: "c"),
                                 thumbprintSHA256: "S")
        }
        let records = try store.connections()
        let listings = try store.connectionListings()
        // Dates go through two parsers of the same millisecond text: equal to within a microsecond.
        for (listing, record) in zip(listings, records.map(ConnectionListing.init)) {
            var aligned = listing
            #expect(abs(listing.notAfter.timeIntervalSince(record.notAfter)) < 1e-6)
            #expect(abs(listing.createdAt.timeIntervalSince(record.createdAt)) < 1e-6)
            aligned.notAfter = record.notAfter
            aligned.createdAt = record.createdAt
            #expect(aligned == record)
        }
        #expect(listings.count == records.count)
        #expect(try store.connectionListings(expiringWithin: 0).isEmpty)
        #expect(try store.connectionListings(expiringWithin: 100_000).count == 5)
    }

    @Test func timestampsParseLikeGRDB() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let expected = calendar.date(from: DateComponents(year: 2027, month: 11, day: 26, hour: 14, minute: 51, second: 1))!
        #expect(SQLiteTimestamp.date("2027-11-26 14:51:01.250") == expected.addingTimeInterval(0.25))
        #expect(SQLiteTimestamp.date("1970-01-01 00:00:00.000") == Date(timeIntervalSince1970: 0))
        #expect(SQLiteTimestamp.date("2000-02-29 23:59:59") == Date(timeIntervalSince1970: 951_868_799))
        #expect(SQLiteTimestamp.date("garbage") == nil)
        #expect(SQLiteTimestamp.date("2027-13-26 14:51:01.250") == nil)
    }

    // MARK: - A store that cannot be turned against its owner

    /// An attacker who can write store.sqlite replaces the public key with their own: nothing
    /// is sealed to it (the pin outside the store refuses it), and unlocking notices too.
    @Test func aSwappedPublicKeyIsRefusedBeforeSealingAndAtUnlock() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let privateKey = try store.unlock(passphrase: Self.passphrase).privateKey
        let attacker = try X25519.generate()
        try store.write { db in try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'public_key'", arguments: [Data(attacker.publicKey)]) }
        let swapped = try Store.open(at: store.location)
        #expect(throws: VaultError(.storeKeyChanged, "")) { try swapped.addRequest(realRequest("SPC-AAAA-0003"), privateKey: Self.keyAndCertificate.key) }
        #expect(try swapped.requests().isEmpty)
        #expect(throws: VaultError(.storeKeyChanged, "")) { try swapped.unlock(passphrase: Self.passphrase) }
        // Without the pin (deleted, or a store older than pins), unlocking still refuses the key:
        // a version 2 lock binds it (the unlock fails), and for a version 1 lock the unlocked
        // private key is compared with the stored public key.
        unlink(StorePin.path(for: store.location))
        #expect(throws: VaultError(.wrongPassphrase, "")) { try swapped.unlock(passphrase: Self.passphrase) }
        #expect(try StorePin.read(for: store.location) == nil, "a failed unlock pins nothing")
        #expect(throws: VaultError(.pinMissing, "")) { try swapped.addRequest(realRequest("SPC-AAAA-0013"), privateKey: Self.keyAndCertificate.key) }
        #expect(try swapped.requests().isEmpty)
        let version1 = try StoreKeyLock.lock(privateKey, publicKey: store.publicKey, passphrase: Self.passphrase, parameters: ScryptParameters(logN: 14),
                                             storeID: store.id, salt: [UInt8](repeating: 7, count: 16), nonce: [UInt8](repeating: 9, count: 12), version: 1)
        try store.write { db in try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'locked_private_key'", arguments: [Data(version1)]) }
        unlink(StorePin.path(for: store.location))
        #expect(throws: VaultError(.storeKeyChanged, "")) { try swapped.unlock(passphrase: Self.passphrase) }
    }

    /// A record whose certificate (and thumbprint) were replaced while its sealed key stayed,
    /// or whose key was replaced by another sealed to the real public key, is refused when opened.
    @Test func aSwappedCertificateOrKeyIsRefusedWhenOpened() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.addRequest(realRequest("SPC-AAAA-0004"), privateKey: Self.keyAndCertificate.key)
        try store.addRequest(realRequest("SPC-AAAA-0005"), privateKey: Self.keyAndCertificate.key)
        let otherKey = try RSAPrivateKey.generate(bits: 2048)
        let otherCertificate = try SelfSignedCertificate.make(commonName: "attacker", key: otherKey, days: 30)
        try store.write { db in
            try db.execute(sql: "UPDATE requests SET certificate = ?, thumbprint = ? WHERE id = 'SPC-AAAA-0004'",
                           arguments: [Data(otherCertificate.der), otherCertificate.fingerprints.thumbprint])
            let sealed = try SecretSealer.seal(try otherKey.pkcs8DER(), to: store.publicKey, binding: Store.requestBinding("SPC-AAAA-0005"))
            try db.execute(sql: "UPDATE requests SET sealedKey = ? WHERE id = 'SPC-AAAA-0005'", arguments: [Data(sealed)])
        }
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        #expect(throws: VaultError(.inconsistentRecord, "")) { try unlocked.key(of: store.request("SPC-AAAA-0004")) }
        #expect(throws: VaultError(.inconsistentRecord, "")) { try unlocked.key(of: store.request("SPC-AAAA-0005")) }
        try store.write { db in try db.execute(sql: "UPDATE requests SET thumbprint = ? WHERE id = 'SPC-AAAA-0004'", arguments: [String(repeating: "0", count: 40)]) }
        #expect(throws: VaultError(.inconsistentRecord, "")) { try unlocked.key(of: store.request("SPC-AAAA-0004")) }
    }

    /// Rekey: a new key pair, every blob resealed; the old private key opens none of them.
    @Test func rekeyRotatesTheKeyAndResealsEveryBlob() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.addRequest(realRequest("SPC-AAAA-0006"), privateKey: Self.keyAndCertificate.key)
        try store.addRequest(realRequest("SPC-AAAA-0007"), privateKey: Self.keyAndCertificate.key)
        _ = try store.fulfil("SPC-AAAA-0007", with: .init(name: "c7", tenantID: "t", tenantDomain: nil, clientID: "c"),
                             thumbprintSHA256: Self.keyAndCertificate.certificate.fingerprints.sha256Fingerprint)
        let old = try store.unlock(passphrase: Self.passphrase)
        let newPassphrase = SecretBytes(Array("battery staple mountain".utf8))
        #expect(try store.rekey(current: Self.passphrase, new: newPassphrase, parameters: ScryptParameters(logN: 14)) == 3)
        let reopened = try Store.open(at: store.location)
        #expect(reopened.publicKey != store.publicKey)
        #expect(throws: VaultError(.wrongPassphrase, "")) { try reopened.unlock(passphrase: Self.passphrase) }
        let new = try reopened.unlock(passphrase: newPassphrase)
        #expect(try new.key(of: reopened.request("SPC-AAAA-0006")).count > 0)
        #expect(try new.key(of: reopened.connection("c7")).count > 0)
        #expect(throws: VaultError(.vaultAuthenticationFailed, "")) { try old.key(of: reopened.request("SPC-AAAA-0006")) }
        #expect(throws: VaultError(.vaultAuthenticationFailed, "")) { try old.key(of: reopened.connection("c7")) }
        // The pin follows the new key: sealing still works, and the old key is no longer accepted.
        try reopened.addRequest(realRequest("SPC-AAAA-0008"), privateKey: Self.keyAndCertificate.key)
        #expect(try StorePin.read(for: store.location)?.accepts(store.publicKey, storeID: store.id) == false)
        #expect(try reopened.auditLog().map(\.action).contains("store.rekeyed"))
    }

    /// With no pin, sealing refuses until an unlock (which checks the key) pins it.
    @Test func onlyASuccessfulUnlockWritesAMissingPin() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        unlink(StorePin.path(for: store.location))
        #expect(throws: VaultError(.pinMissing, "")) { try store.addRequest(realRequest("SPC-AAAA-0014"), privateKey: Self.keyAndCertificate.key) }
        #expect(throws: VaultError(.wrongPassphrase, "")) { try store.unlock(passphrase: SecretBytes(Array("wrong".utf8))) }
        #expect(try StorePin.read(for: store.location) == nil)
        _ = try store.unlock(passphrase: Self.passphrase)
        #expect(try StorePin.read(for: store.location) == StorePin(storeID: store.id, keyFingerprint: StorePin.fingerprint(store.publicKey)))
        try store.addRequest(realRequest("SPC-AAAA-0014"), privateKey: Self.keyAndCertificate.key)
    }

    /// A rekey that crashed after its commit leaves a pin with `next`: the next check keeps
    /// only the new key, so the retired one is refused from then on.
    @Test func aPinLeftByACrashedRekeyKeepsOnlyTheNewKey() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let newPassphrase = SecretBytes(Array("battery staple mountain".utf8))
        try Store.open(at: store.location).rekey(current: Self.passphrase, new: newPassphrase, parameters: ScryptParameters(logN: 14))
        let reopened = try Store.open(at: store.location)
        let newPrint = StorePin.fingerprint(reopened.publicKey)
        try StorePin(storeID: store.id, keyFingerprint: StorePin.fingerprint(store.publicKey), nextFingerprint: newPrint).write(for: store.location)
        #expect(try reopened.checkPin())
        #expect(try StorePin.read(for: store.location) == StorePin(storeID: store.id, keyFingerprint: newPrint))
        // The object opened before the rekey seals nothing to the retired key.
        #expect(throws: VaultError(.conflict, "")) { try store.addRequest(realRequest("SPC-AAAA-0015"), privateKey: Self.keyAndCertificate.key) }
        #expect(try reopened.requests().isEmpty)
    }

    /// A rekey whose transaction failed leaves a stale `next`: the next check drops it.
    @Test func aPinLeftByAFailedRekeyDropsTheNextKey() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stray = try X25519.generate().publicKey
        let oldPrint = StorePin.fingerprint(store.publicKey)
        try StorePin(storeID: store.id, keyFingerprint: oldPrint, nextFingerprint: StorePin.fingerprint(stray)).write(for: store.location)
        _ = try store.sealingKey()
        #expect(try StorePin.read(for: store.location) == StorePin(storeID: store.id, keyFingerprint: oldPrint))
        #expect(try StorePin.read(for: store.location)?.accepts(stray, storeID: store.id) == false)
    }

    /// A request whose pin check ran before a rekey committed and whose insert runs after:
    /// the insert compares the key it sealed to with meta.public_key and stores nothing.
    @Test func aRequestRacingARekeyStoresNothingSealedToTheRetiredKey() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkedKey = try store.sealingKey()
        try Store.open(at: store.location).rekey(current: Self.passphrase, new: Self.passphrase, parameters: ScryptParameters(logN: 14))
        #expect(throws: VaultError(.conflict, "")) {
            try store.insertRequest(realRequest("SPC-AAAA-0016"), privateKey: Self.keyAndCertificate.key, sealedTo: checkedKey)
        }
        #expect(try store.requests().isEmpty)
    }

    /// A pin folder that is relative (no home to keep it in), or whose parent others can
    /// write, is refused before anything is created.
    @Test func aPinFolderThatIsRelativeOrNotTheUsersIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: VaultError(.pinUnreadable, "")) {
            try Store.create(at: StoreLocation(home: folder.path + "/a", pinFolder: ".config/spconnect/pins"), passphrase: Self.passphrase, parameters: ScryptParameters(logN: 14))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/a/store.sqlite"))
        try FileManager.default.createDirectory(atPath: folder.path + "/open", withIntermediateDirectories: true)
        chmod(folder.path + "/open", 0o777)
        #expect(throws: VaultError(.pinUnreadable, "")) {
            try Store.create(at: StoreLocation(home: folder.path + "/b", pinFolder: folder.path + "/open/pins"), passphrase: Self.passphrase, parameters: ScryptParameters(logN: 14))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/b/store.sqlite"))
        #expect(StoreLocation.defaultPinFolder().hasPrefix("/"))
    }

    @Test func aDroppedAuditTriggerIsReported() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.auditProtectionProblems().isEmpty)
        try store.write { db in try db.execute(sql: "DROP TRIGGER audit_no_delete") }
        #expect(try store.auditProtectionProblems() == ["trigger audit_no_delete is missing: audit lines can be deleted"])
        try store.write { db in try db.execute(sql: "DROP TRIGGER audit_no_update; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN 0 BEGIN SELECT 1; END;") }
        #expect(try store.auditProtectionProblems().count == 2)
    }
}
