import Foundation
import Testing
@testable import Vault
import Certificates
import Common

/// The store through its Swift API: records, state changes and the conversions listings rely on.
@Suite struct StoreLibraryTests {
    static let passphrase = SecretBytes(Array("correct horse".utf8))

    func makeStore() throws -> (Store, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        let store = try Store.create(at: StoreLocation(home: folder.path), passphrase: Self.passphrase, parameters: ScryptParameters(logN: 14))
        return (store, folder)
    }

    func request(_ id: String, app: String = "reports") -> RequestRecord {
        RequestRecord(id: id, tenant: "contoso.onmicrosoft.com", cloud: "global", admins: ["admin@contoso.com"], requester: "dev@contoso.com",
                      sites: ["https://contoso.sharepoint.com/sites/a \"quoted\"", "https://contoso.sharepoint.com/sites/ü"],
                      permission: "sites-selected", siteRole: "write", api: "sharepoint", appName: app,
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
        let secret = SecretBytes(Array("pkcs8 stand-in".utf8))
        try store.addRequest(request("SPC-AAAA-0001"), privateKey: secret)
        let unlocked = try store.unlock(passphrase: Self.passphrase)
        #expect(try unlocked.key(of: store.request("SPC-AAAA-0001")).withUnsafeBytes { Array($0) } == Array("pkcs8 stand-in".utf8))

        let values = Store.Fulfilment(name: "contoso-reports", tenantID: "11111111-2222-4333-8444-555555555555", tenantDomain: nil,
                                      clientID: "66666666-7777-4888-9999-000000000000")
        let connection = try store.fulfil("spc-aaaa-0001", with: values, thumbprintSHA256: "AA:BB")
        #expect(try unlocked.key(of: connection).withUnsafeBytes { Array($0) } == Array("pkcs8 stand-in".utf8))
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
        #expect(throws: VaultError.self) { try store.write { db in try db.execute(sql: "UPDATE audit SET detail = 'x'") } }
        #expect(throws: VaultError.self) { try store.write { db in try db.execute(sql: "DELETE FROM audit") } }
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
}
