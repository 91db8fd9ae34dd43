// "Days left", defined once (Certificates/DaysLeft.swift), around its boundaries. That the
// store's `connectionListings(expiringWithin:)` agrees with it: VaultTests/ExpiringListingTests.
import Certificates
import OpenSSLSupport
import Foundation
import Testing

@Suite("days left")
struct DaysLeftTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func left(_ seconds: TimeInterval) -> Int { DaysLeft.until(now.addingTimeInterval(seconds), now: now) }

    @Test("a certificate made with --days N has N days left when it is made", arguments: [1, 2, 30, 364, 365, 3650])
    func freshCertificate(days: Int) {
        // notBefore is five minutes back; notAfter = notBefore + N days.
        let notAfter = now.addingTimeInterval(-SelfSignedCertificate.clockSkew + TimeInterval(days) * DaysLeft.day)
        #expect(DaysLeft.until(notAfter, now: now) == days)
        #expect(DaysLeft.text(days) == (days == 1 ? "1 day left" : "\(days) days left"))
    }

    @Test func boundaries() {
        #expect(left(2 * DaysLeft.day + 1) == 3)
        #expect(left(2 * DaysLeft.day) == 2)
        #expect(left(DaysLeft.day + 1) == 2)
        #expect(left(DaysLeft.day) == 1)
        #expect(left(1) == 1)
        #expect(left(0) == 0)          // notAfter itself is still inside the validity
        #expect(!DaysLeft.isExpired(left(0)))
        #expect(left(-1) == -1)
        #expect(DaysLeft.isExpired(left(-1)))
        #expect(DaysLeft.text(left(-1)) == "expired")
        #expect(left(-DaysLeft.day) == -1)
        #expect(left(-DaysLeft.day - 1) == -2)
    }
}
