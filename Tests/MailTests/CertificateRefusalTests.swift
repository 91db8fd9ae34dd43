// Invalid server certificates are never accepted: expired, untrusted, for another host.
import Foundation
import Mail
import Testing
import TestSupport

@Suite("SMTP refuses bad server certificates")
struct CertificateRefusalTests {
    /// `.auto` runs libESMTP, `.plain` libcurl.
    @Test(arguments: [
        ("expired", "expired"),
        ("untrusted", "local issuer"),
        ("wronghost", "mismatch"),
    ], [SMTPSettings.Authentication.auto, .plain])
    func refused(variant: (String, String), auth: SMTPSettings.Authentication) throws {
        let (variant, words) = variant
        let server = try startRealServer(["--cert", variant])
        var chosen = settings(for: server)
        chosen.authentication = auth
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: chosen).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .certificateRejected, "\(error?.reason ?? "")")
        #expect(error?.facts.isTemporary == false)
        #expect(error?.reason.contains(words) == true, "\(error?.reason ?? "")")
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("the system store does not trust the test CA")
    func systemStoreRefusesTestCA() throws {
        let server = try startRealServer()
        var defaults = settings(for: server)
        defaults.caFile = nil
        let error = #expect(throws: MailError.self) { try SMTPTransport(settings: defaults).deliver(try Fixtures.message().encoded()) }
        #expect(error?.code == .certificateRejected)
    }

    @Test("an unreadable CA file is refused before connecting")
    func unreadableCAFile() throws {
        let server = try startRealServer()
        var broken = settings(for: server)
        broken.caFile = server.state + "/no-such-ca.pem"
        let error = #expect(throws: MailError.self) { try SMTPTransport(settings: broken).deliver(try Fixtures.message().encoded()) }
        #expect(error?.code == .mailCAFileUnreadable)
    }
}
