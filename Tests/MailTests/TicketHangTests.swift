// libESMTP 1.1.0 hangs in about 1 session in 6 here when a TLS 1.3 server sends its
// session tickets before the client's EHLO: it reads (finding only tickets) before it
// has flushed EHLO, then waits for a reply to a command it never sent. SMTPTransport
// reads the tickets between the handshake and EHLO. This runs consecutive sessions with
// a short timeout, so a hang shows as a failure, not as a stuck test.
// SPCONNECT_TICKET_SESSIONS sets the count (default 200).
import Foundation
import Mail
import Testing
import TestSupport

@Suite("TLS 1.3 session tickets")
struct TicketHangTests {
    static let sessions = Int(ProcessInfo.processInfo.environment["SPCONNECT_TICKET_SESSIONS"] ?? "") ?? 200

    @Test("consecutive STARTTLS sessions against a ticket-sending TLS 1.3 server: no hang")
    func noHang() throws {
        let server = try startRealServer(["--tickets", "2"])
        let transport = try SMTPTransport(settings: settings(for: server, timeout: 5))
        let message = try Fixtures.message().encoded()
        var hangs = 0
        var failures: [String] = []
        var slowest = 0.0
        let started = Date()
        for _ in 0..<Self.sessions {
            let begin = Date()
            do {
                _ = try transport.deliver(message)
            } catch {
                failures.append(error.reason)
            }
            let took = Date().timeIntervalSince(begin)
            slowest = max(slowest, took)
            if took > 3 { hangs += 1 }
        }
        let total = Date().timeIntervalSince(started)
        print("ticket sessions: \(Self.sessions), hangs: \(hangs), failures: \(failures.count), slowest: \(String(format: "%.3f", slowest)) s, total: \(String(format: "%.1f", total)) s")
        #expect(hangs == 0)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(server.receivedMessages().count == Self.sessions)
        #expect(server.receivedMessages().last?.envelope["tls_version"] as? String == "TLSv1.3")
    }
}
