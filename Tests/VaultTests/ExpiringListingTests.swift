// `connections --expiring N` is the store's query, `connectionListings(expiringWithin:)`:
// it must list exactly the connections with N or fewer days left by DaysLeft (the one
// definition, Certificates/DaysLeft.swift), expired ones included.
import Foundation
import Testing
@testable import Vault
import Certificates
import Common

@Suite("connections ending within N days")
struct ExpiringListingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Where a count of days changes, on either side, for each window; and a few between.
    var offsets: [TimeInterval] {
        var offsets: [TimeInterval] = [-3 * DaysLeft.day, -DaysLeft.day - 1, -1, 0, 1, 3_600, 40 * DaysLeft.day]
        for window in [1.0, 7, 30] { offsets += [window * DaysLeft.day - 1, window * DaysLeft.day, window * DaysLeft.day + 1] }
        return offsets
    }

    @Test("'ends within N days' is exactly 'N or fewer days left'", arguments: [0, 1, 7, 30])
    func withinMatchesTheCount(window: Int) throws {
        let library = StoreLibraryTests()
        let (store, folder) = try library.makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var ends: [String: Date] = [:]
        for (index, offset) in offsets.enumerated() {
            let id = "SPC-CCCC-\(1000 + index)"
            var request = library.request(id, app: "app \(index)")
            request.notAfter = now.addingTimeInterval(offset)
            try store.addRequest(request, privateKey: SecretBytes([1, 2, 3]))
            _ = try store.fulfil(id, with: .init(name: "c\(index)", tenantID: "t", tenantDomain: nil, clientID: "c"), thumbprintSHA256: "S")
            ends["c\(index)"] = request.notAfter
        }
        let listed = Set(try store.connectionListings(expiringWithin: window, now: now).map(\.name))
        let counted = Set(ends.filter { DaysLeft.until($0.value, now: now) <= window }.keys)
        #expect(listed == counted, "listed \(listed.sorted()), counted \(counted.sorted())")
        #expect(!counted.isEmpty && counted.count < ends.count, "the window splits the connections")
    }
}
