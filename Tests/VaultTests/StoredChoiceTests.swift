import Foundation
import Testing
@testable import Vault
import Common
import Domain

/// The cloud, permission profile, site role and API of a record: typed in Swift, the same
/// lower-case words in the store as before (no migration), and an unknown word read back is
/// `VaultError.unknownValue`, never a default.
@Suite struct StoredChoiceTests {
    let library = StoreLibraryTests()

    /// A store with request SPC-AAAA-0401 fulfilled as connection `typed` and request
    /// SPC-AAAA-0402 still pending, every value other than the defaults.
    func seeded() throws -> (Store, URL) {
        let (store, folder) = try library.makeStore()
        for id in ["SPC-AAAA-0401", "SPC-AAAA-0402"] {
            var record = library.request(id)
            record.cloud = .usgovdod
            record.permission = .sitesReadWriteAll
            record.siteRole = .fullcontrol
            record.api = .both
            try store.addRequest(record, privateKey: SecretBytes([1, 2, 3]))
        }
        _ = try store.fulfil("SPC-AAAA-0401", with: .init(name: "typed", tenantID: "t", tenantDomain: nil, clientID: "c"), thumbprintSHA256: "")
        return (store, folder)
    }

    /// What the sqlite3 tool prints for `sql` on the store's file.
    func sqlite(_ store: Store, _ sql: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [store.location.databasePath, sql]
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: bytes, as: UTF8.self).trimmingWhitespace
    }

    @Test func theStoreHoldsTheWordsAsText() throws {
        let (store, folder) = try seeded()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try sqlite(store, "SELECT cloud, typeof(cloud), permission, siteRole, api FROM requests ORDER BY id")
                == "usgovdod|text|sites-readwrite-all|fullcontrol|both\nusgovdod|text|sites-readwrite-all|fullcontrol|both")
        #expect(try sqlite(store, "SELECT cloud, typeof(cloud), permission, siteRole FROM connections")
                == "usgovdod|text|sites-readwrite-all|fullcontrol")
        let connection = try store.connection("typed")
        #expect(connection.cloud == .usgovdod && connection.permission == .sitesReadWriteAll && connection.siteRole == .fullcontrol)
        #expect(try store.connectionListings().map(\.siteRole) == [.fullcontrol])
    }

    @Test func aWordInAnotherCaseReadsAsBefore() throws {
        let (store, folder) = try seeded()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The parsers always took any case; a hand-edited store keeps working.
        _ = try sqlite(store, "UPDATE requests SET cloud = 'USGovDoD', siteRole = 'FullControl', api = 'Both'; UPDATE connections SET cloud = 'China', permission = 'Sites-Selected'")
        let request = try store.request("SPC-AAAA-0402")
        #expect(request.cloud == .usgovdod && request.siteRole == .fullcontrol && request.api == .both)
        let listing = try #require(try store.connectionListings().first)
        #expect(listing.cloud == .china && listing.permission == .sitesSelected)
        #expect(try store.connection("typed").cloud == .china)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let table: String
        let column: String
        let word: String
        let kind: String
        var testDescription: String { "\(table).\(column) = '\(word)'" }
    }

    static let unknownWords: [Case] = [
        Case(table: "requests", column: "cloud", word: "mars", kind: "cloud"),
        Case(table: "requests", column: "permission", word: "Sites.Selected", kind: "permission profile"),
        Case(table: "requests", column: "siteRole", word: "owner", kind: "site role"),
        Case(table: "requests", column: "api", word: "rest", kind: "API"),
        Case(table: "connections", column: "cloud", word: "gcchigh", kind: "cloud"),
        Case(table: "connections", column: "permission", word: "", kind: "permission profile"),
        Case(table: "connections", column: "siteRole", word: "owner\u{1B}[31m", kind: "site role"),
    ]

    @Test(arguments: unknownWords)
    func anUnknownWordIsAClearErrorOnEveryRead(_ item: Case) throws {
        let (store, folder) = try seeded()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.write { db in try db.execute(sql: "UPDATE \(item.table) SET \(item.column) = ?", arguments: [item.word]) }
        let reads: [(String, () throws -> Void)] = item.table == "requests"
            ? [("request", { _ = try store.request("SPC-AAAA-0402") }), ("requests", { _ = try store.requests() })]
            : [("connection", { _ = try store.connection("typed") }), ("connections", { _ = try store.connections() }),
               ("listings", { _ = try store.connectionListings() })]
        for (name, read) in reads {
            let error = try #require(#expect(throws: VaultError.self, "\(name)") { try read() })
            #expect(error.code == .unknownValue, "\(name): \(error)")
            #expect(error.reason.contains("the \(item.kind) '\(ServerText.shown(item.word, limit: 64))'"), "\(name): \(error.reason)")
            #expect(!error.reason.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(name): \(error.reason)")
            #expect(error.location == store.location.databasePath)
        }
        // Reading changed nothing: the word is still there.
        #expect(try sqlite(store, "SELECT count(*) FROM \(item.table) WHERE \(item.column) = '\(item.word.replacingOccurrences(of: "'", with: "''"))'") != "0")
    }
}
