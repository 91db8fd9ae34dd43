// Delivery to the real aiosmtpd server (scripts/smtp_server.py): STARTTLS, AUTH, the
// message read back by Python's email package, a refused recipient, two sessions.
import Common
import Foundation
import Mail
import Testing
import TestSupport

let testPassword = "correct horse battery staple"

func settings(for server: ScriptServer, user: String? = "dev", password: String = testPassword, host: String = "localhost",
              verbose: Bool = false, timeout: Int = 20) -> SMTPSettings {
    SMTPSettings(host: host, port: server.port, username: user, password: user == nil ? nil : SecretBytes(Array(password.utf8)),
                 caFile: server.caFile, timeoutSeconds: timeout, verbose: verbose)
}

func startRealServer(_ arguments: [String] = []) throws -> ScriptServer {
    try ScriptServer("smtp_server.py", ["--user", "dev"] + arguments, environment: ["SMTP_TEST_PASSWORD": testPassword], label: "smtp")
}

@Suite("SMTP delivery to a real server")
struct SMTPDeliveryTests {
    @Test("a message goes out over STARTTLS with AUTH and reads back intact")
    func deliversOverStartTLS() throws {
        let server = try startRealServer()
        let message = try Fixtures.message(cc: ["helpdesk@contoso.com"]).encoded()
        let receipt = try SMTPTransport(settings: settings(for: server)).deliver(message)
        #expect(receipt.destination == .smtp(server: "localhost:\(server.port)"))
        #expect(receipt.serverReply?.hasPrefix("250") == true)
        #expect(receipt.acceptedRecipients == ["admin@contoso.com", "helpdesk@contoso.com"])

        let received = server.receivedMessages()
        try #require(received.count == 1)
        let envelope = received[0].envelope
        #expect(envelope["mail_from"] as? String == "dev@example.com")
        #expect(envelope["rcpt_tos"] as? [String] == ["admin@contoso.com", "helpdesk@contoso.com"])
        #expect(envelope["auth_user"] as? String == "dev")
        #expect(envelope["sni"] as? String == "localhost")
        #expect(envelope["tls_version"] as? String == "TLSv1.3")

        let parsed = try ParsedMail(path: received[0].eml)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.crlfOnly)
        #expect(parsed.header("Message-ID") == [message.messageID.bracketed])
        #expect(parsed.text?.contains(Fixtures.textMarker) == true)
        #expect(parsed.html?.contains(Fixtures.htmlMarker) == true)
        #expect(parsed.attachments.first?["base64"] as? String == Base64.encode(Fixtures.certificate))
        // libESMTP added no header of its own (no second Date or Message-ID).
        #expect(parsed.header("Date").count == 1)
        #expect(parsed.header("Message-ID").count == 1)
    }

    @Test("a delivery is one connection: nothing probes the server before or after the session")
    func oneConnectionPerDelivery() throws {
        let server = try startRealServer()
        _ = try SMTPTransport(settings: settings(for: server)).deliver(try Fixtures.message().encoded())
        try #require(server.receivedMessages().count == 1)
        server.stop()
        let log = try String(contentsOfFile: server.state + "/connections.log", encoding: .utf8)
        #expect(log.split(separator: "\n").count == 1, "\(log)")
    }

    @Test("a refused recipient is named, and nothing is sent to the others")
    func refusedRecipientByAddress() throws {
        let server = try startRealServer(["--reject", "nobody@contoso.com"])
        let message = try Fixtures.message(to: ["admin@contoso.com", "nobody@contoso.com"]).encoded()
        let error = #expect(throws: MailError.self) { try SMTPTransport(settings: settings(for: server)).deliver(message) }
        #expect(error?.code == .recipientRejected)
        #expect(error?.facts.refusedRecipients.map(\.address) == ["nobody@contoso.com"])
        #expect(error?.facts.refusedRecipients.first?.code == 550)
        #expect(error?.facts.isTemporary == false)
        #expect(error?.reason.contains("nobody@contoso.com") == true)
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("two STARTTLS sessions in one process (libESMTP frees its own TLS context after the first)")
    func twoSessionsInOneProcess() throws {
        let server = try startRealServer()
        let transport = try SMTPTransport(settings: settings(for: server))
        for _ in 0..<2 {
            _ = try transport.deliver(try Fixtures.message().encoded())
        }
        #expect(server.receivedMessages().count == 2)
    }

    @Test("a wrong password is fatal: no MAIL FROM, nothing delivered")
    func wrongPasswordIsFatal() throws {
        let server = try startRealServer()
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server, password: "wrong password", verbose: true)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.facts.isTemporary == false)
        #expect(error?.facts.serverReply?.hasPrefix("535") == true)
        #expect(error?.facts.transcript.contains { $0.uppercased().hasPrefix("C: MAIL FROM") } == false)
        #expect(error?.reason.contains("wrong password") == false)
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("the verbose dialogue shows STARTTLS and redacts every AUTH line")
    func verboseTranscriptRedactsAuth() throws {
        let server = try startRealServer()
        let receipt = try SMTPTransport(settings: settings(for: server, verbose: true)).deliver(try Fixtures.message().encoded())
        let transcript = receipt.transcript.joined(separator: "\n")
        #expect(transcript.contains("C: STARTTLS"))
        #expect(transcript.contains("C: AUTH PLAIN [redacted]") || transcript.contains("C: AUTH LOGIN [redacted]"))
        #expect(!transcript.contains(testPassword))
        #expect(!transcript.contains(Base64.encode(Array("\0dev\0\(testPassword)".utf8))))
        #expect(!transcript.contains(Base64.encode(Array(testPassword.utf8))))
        #expect(!transcript.contains(Fixtures.textMarker))
    }

    @Test("by IP address: the certificate's IP entry is checked and no SNI is sent")
    func connectsByAddress() throws {
        let server = try startRealServer()
        _ = try SMTPTransport(settings: settings(for: server, host: "127.0.0.1")).deliver(try Fixtures.message().encoded())
        let received = server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].envelope["sni"] is NSNull)
    }

    @Test("TLS 1.2 ceiling")
    func tls12Ceiling() throws {
        let server = try startRealServer()
        var capped = settings(for: server)
        capped.tlsCeiling = .tls12
        _ = try SMTPTransport(settings: capped).deliver(try Fixtures.message().encoded())
        #expect(server.receivedMessages().first?.envelope["tls_version"] as? String == "TLSv1.2")
    }

    @Test("several messages over one session")
    func batchOverOneSession() throws {
        let server = try startRealServer()
        let messages = try (0..<5).map { _ in try Fixtures.message().encoded() }
        let results = try SMTPTransport(settings: settings(for: server)).deliverAll(messages)
        #expect(results.count == 5)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let ids = Set(server.receivedMessages().compactMap { try? ParsedMail(path: $0.eml).header("Message-ID").first })
        #expect(ids == Set(messages.map(\.messageID.bracketed)))
    }
}
