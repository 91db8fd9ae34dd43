// `status` and the expiry warning read the Environment's clock: with "now" fixed, the same
// certificate is fine, ending or expired, and the warning comes exactly when it should.
import Foundation
import Testing
import Certificates
import Common
import Domain
import Vault
@testable import Workflow

@Suite("the expiry report and warning on the Environment's clock")
struct ExpiryClockTests {
    /// The notAfter every record here has.
    static let notAfter = Date(timeIntervalSince1970: 1_900_000_000)

    /// "now" `days` days (and `extra` seconds) before ``notAfter``.
    static func now(daysLeft days: Double, extra: TimeInterval = 0) -> Date {
        notAfter.addingTimeInterval(-days * DaysLeft.day - extra)
    }

    static func record(_ name: String, notAfter: Date = notAfter) -> ConnectionRecord {
        ConnectionRecord(id: "SPC-AAAA-BBBB", name: name, tenantID: "11111111-2222-4333-8444-555555555555", tenantDomain: nil,
                         clientID: "66666666-7777-4888-9999-000000000000", cloud: .global, sites: [], permission: .sitesSelected,
                         siteRole: .write, appName: "app", certificate: Data([1]), sealedKey: Data([2]),
                         thumbprintSHA1: String(repeating: "AB", count: 20), thumbprintSHA256: "", notAfter: notAfter, requestID: nil)
    }

    /// Collects the notices of a run.
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [WorkflowNotice] = []
        func add(_ notice: WorkflowNotice) {
            lock.lock()
            defer { lock.unlock() }
            items.append(notice)
        }
        var all: [WorkflowNotice] {
            lock.lock()
            defer { lock.unlock() }
            return items
        }
    }

    func environment(at now: Date, notices: Notices) -> Environment {
        Environment(home: "/nonexistent/spconnect-home", variables: EnvironmentVariables([:]), notify: { notices.add($0) }, now: { now })
    }

    @Test("40, 20 and −1 days left", arguments: [(40.0, ExpiryState.fine, 40), (20.0, .expiring, 20), (-0.5, .expired, -1)])
    func reportAtAFixedNow(daysLeft: Double, state: ExpiryState, count: Int) {
        let now = Self.now(daysLeft: daysLeft)
        let report = ExpiryReport(connections: [ConnectionListing(Self.record("reports"))], requests: [], window: 30, now: now)
        #expect(report.connections.map(\.daysLeft) == [count])
        #expect(report.connections.map(\.state) == [state])
        #expect(report.state == state)
        // The JSON carries the same values under the contract's names.
        guard case .object(let members) = report.json, case .array(let items)? = members.first(where: { $0.0 == "connections" })?.1,
              case .object(let entry)? = items.first else {
            Issue.record("not the expected document: \(report.json.rendered)")
            return
        }
        let fields = Dictionary(entry, uniquingKeysWith: { first, _ in first })
        #expect(Set(fields.keys) == ["name", "thumbprint", "notAfter", "daysLeft", "state"])
        if case .int(let days)? = fields["daysLeft"] { #expect(days == count) } else { Issue.record("no daysLeft") }
        if case .string(let text)? = fields["state"] { #expect(text == state.rawValue) } else { Issue.record("no state") }
    }

    @Test func theWindowMovesTheLine() {
        let now = Self.now(daysLeft: 20)
        let listing = [ConnectionListing(Self.record("reports"))]
        #expect(ExpiryReport(connections: listing, requests: [], window: 19, now: now).state == .fine)
        #expect(ExpiryReport(connections: listing, requests: [], window: 20, now: now).state == .expiring)
        #expect(ExpiryReport(connections: [], requests: [], window: 30, now: now).state == .fine)
    }

    @Test func theWorstCertificateDecidesAndTheSoonestComesFirst() {
        let now = Self.now(daysLeft: 40)
        let listings = [Self.record("later"), Self.record("gone", notAfter: now.addingTimeInterval(-60)),
                        Self.record("soon", notAfter: now.addingTimeInterval(10 * DaysLeft.day))].map(ConnectionListing.init)
        let report = ExpiryReport(connections: listings, requests: [], window: 30, now: now)
        #expect(report.connections.map(\.name) == ["gone", "soon", "later"])
        #expect(report.connections.map(\.state) == [.expired, .expiring, .fine])
        #expect(report.state == .expired)
    }

    @Test("the warning: once at 20 and −1 days, never at 40", arguments: [(40.0, nil), (20.0, 20), (30.0, 30), (-0.5, -1)] as [(Double, Int?)])
    func warningOnTheClock(daysLeft: Double, expected: Int?) {
        let notices = Notices()
        environment(at: Self.now(daysLeft: daysLeft), notices: notices).warnIfEnding(Self.record("reports"))
        let endings = notices.all.compactMap { notice -> (String, Date, Int)? in
            if case .certificateEnding(let name, let notAfter, let days) = notice { return (name, notAfter, days) }
            return nil
        }
        #expect(notices.all.count == (expected == nil ? 0 : 1))
        #expect(endings.map(\.2) == (expected.map { [$0] } ?? []))
        #expect(endings.allSatisfy { $0.0 == "reports" && $0.1 == Self.notAfter })
    }

    @Test func theEnvironmentClockIsTheSystemsUnlessGiven() {
        let before = Date()
        let now = Environment(home: "/nonexistent/spconnect-home", variables: EnvironmentVariables([:])).now()
        #expect(now >= before && now <= Date())
    }
}
