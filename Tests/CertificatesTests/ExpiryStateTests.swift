// The one rule of "fine / expiring / expired" (Certificates/ExpiryState.swift) at its edges,
// on the day counts of DaysLeft.
import Certificates
import Foundation
import Testing

@Suite("expiry state")
struct ExpiryStateTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func state(_ seconds: TimeInterval, window: Int = ExpiryState.defaultWindow) -> ExpiryState {
        ExpiryState(daysLeft: DaysLeft.until(now.addingTimeInterval(seconds), now: now), window: window)
    }

    @Test func theDefaultWindowIsThirtyDays() {
        #expect(ExpiryState.defaultWindow == 30)
        #expect(state(30 * DaysLeft.day) == .expiring)          // 30 days left: within 30 days
        #expect(state(30 * DaysLeft.day + 1) == .fine)          // 31 started days left
        #expect(state(40 * DaysLeft.day) == .fine)
        #expect(state(20 * DaysLeft.day) == .expiring)
    }

    @Test func expiredFromTheFirstSecondAfterNotAfter() {
        #expect(state(0) == .expiring)                          // notAfter itself is still valid
        #expect(state(-1) == .expired)
        #expect(state(-DaysLeft.day) == .expired)
        #expect(state(-1, window: 0) == .expired)
        #expect(state(1, window: 0) == .fine)                   // 1 day left is outside a window of 0
    }

    @Test("a window of N holds exactly the certificates with N or fewer days left", arguments: [0, 1, 7, 30, 90])
    func windowBoundary(window: Int) {
        #expect(ExpiryState(daysLeft: window, window: window) == .expiring)
        #expect(ExpiryState(daysLeft: window + 1, window: window) == .fine)
        #expect(ExpiryState(daysLeft: -1, window: window) == .expired)
    }

    @Test func theWorstStateIsTheMaximum() {
        #expect(ExpiryState.fine < .expiring && ExpiryState.expiring < .expired)
        #expect([ExpiryState.fine, .expired, .expiring].max() == .expired)
        #expect([ExpiryState.fine, .expiring, .fine].max() == .expiring)
        #expect(ExpiryState.allCases.map(\.rawValue) == ["fine", "expiring", "expired"])
    }
}
