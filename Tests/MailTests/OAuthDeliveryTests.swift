// Delivery through libcurl (CurlSMTPSession) to the real aiosmtpd server: XOAUTH2 and
// OAUTHBEARER with a bearer token the server checks with the user, over STARTTLS (587's
// way) and implicit TLS (465's way); a wrong token refused; the token never shown.
import Common
import Foundation
import Hints
import Mail
import Testing
import TestSupport

let testToken = "ya29.test-token-\(UInt64.random(in: 1_000_000...9_999_999))"

func startTokenServer(_ arguments: [String] = []) throws -> ScriptServer {
    try ScriptServer("smtp_server.py", ["--user", "dev"] + arguments,
                     environment: ["SMTP_TEST_PASSWORD": testPassword, "SMTP_TEST_TOKEN": testToken], label: "smtp")
}

func tokenSettings(for server: ScriptServer, token: String = testToken, auth: SMTPSettings.Authentication = .xoauth2,
                   security: SMTPSettings.Security = .starttls, verbose: Bool = false) -> SMTPSettings {
    SMTPSettings(host: "localhost", port: server.port, username: "dev", caFile: server.caFile, timeoutSeconds: 20, verbose: verbose,
                 token: SecretBytes(Array(token.utf8)), authentication: auth, security: security)
}

struct TokenCase: Sendable, CustomTestStringConvertible {
    let auth: SMTPSettings.Authentication
    let security: SMTPSettings.Security
    let mechanism: String
    var testDescription: String { "\(auth.rawValue) over \(security.rawValue)" }
}

@Suite("SMTP with a bearer token (libcurl)")
struct OAuthDeliveryTests {
    @Test("delivered, and the server saw the mechanism, the user and TLS", arguments: [
        TokenCase(auth: .xoauth2, security: .starttls, mechanism: "XOAUTH2"),
        TokenCase(auth: .oauthbearer, security: .starttls, mechanism: "OAUTHBEARER"),
        TokenCase(auth: .xoauth2, security: .tls, mechanism: "XOAUTH2"),
        TokenCase(auth: .oauthbearer, security: .tls, mechanism: "OAUTHBEARER"),
        TokenCase(auth: .auto, security: .tls, mechanism: "OAUTHBEARER"),
    ])
    func delivers(_ testCase: TokenCase) throws {
        let server = try startTokenServer(testCase.security == .tls ? ["--implicit-tls"] : [])
        let message = try Fixtures.message().encoded()
        let receipt = try SMTPTransport(settings: tokenSettings(for: server, auth: testCase.auth, security: testCase.security, verbose: true)).deliver(message)
        #expect(receipt.serverReply?.hasPrefix("250") == true)
        let received = server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].envelope["auth_user"] as? String == "dev")
        #expect(received[0].envelope["sni"] as? String == "localhost")
        #expect((received[0].envelope["tls_version"] as? String)?.hasPrefix("TLSv1.") == true)
        let log = try String(contentsOfFile: server.state + "/auth.log", encoding: .utf8)
        #expect(log == "\(testCase.mechanism) ok\n")
        let parsed = try ParsedMail(path: received[0].eml)
        #expect(parsed.header("Message-ID") == [message.messageID.bracketed])
        let transcript = receipt.transcript.joined(separator: "\n")
        #expect(transcript.contains("C: AUTH \(testCase.mechanism) [redacted]"))
        #expect(testCase.security == .tls || transcript.contains("C: STARTTLS"))
        #expect(!transcript.contains(testToken))
        #expect(!transcript.contains(Base64.encode(Array("user=dev\u{1}auth=Bearer \(testToken)\u{1}\u{1}".utf8))))
    }

    @Test("a wrong token is refused: nothing sent, the hint says to check the token command, no token shown")
    func wrongToken() throws {
        let server = try startTokenServer()
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: tokenSettings(for: server, token: "wrong-\(testToken)", verbose: true)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .authenticationFailed, "\(error?.reason ?? "no error")")
        // The server's refusal: its error challenge (a 334 carrying {"status":"401",…}, which
        // libcurl answers by ending the exchange) or the 535 after it.
        let lastReply = error?.facts.transcript.last { $0.hasPrefix("S: ") } ?? ""
        #expect(lastReply.hasPrefix("S: 535") || (lastReply.hasPrefix("S: 334 ") && lastReply.count > 7), "\(error?.facts.transcript ?? [])")
        #expect(error?.facts.values[.credential] == "token")
        #expect(error.flatMap(Hint.text(for:))?.contains("token_command") == true)
        let everything = [error?.reason ?? "", error?.facts.transcript.joined(separator: "\n") ?? "", error.flatMap(Hint.text(for:)) ?? ""].joined()
        #expect(!everything.contains(testToken))
        #expect(error?.facts.transcript.contains { $0.uppercased().hasPrefix("C: MAIL FROM") } == false)
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("a server that offers only PLAIN and LOGIN: the session stops before MAIL FROM")
    func noOAuthOffered() throws {
        let server = try startTokenServer(["--mechanisms", "PLAIN,LOGIN"])
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: tokenSettings(for: server, verbose: true)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .authenticationUnavailable, "\(error?.reason ?? "no error")")
        #expect(error?.facts.transcript.contains { $0.uppercased().hasPrefix("C: MAIL FROM") } == false)
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("implicit TLS refuses bad certificates as STARTTLS does", arguments: ["expired", "untrusted", "wronghost"])
    func implicitTLSCertificates(_ variant: String) throws {
        let server = try startTokenServer(["--implicit-tls", "--cert", variant])
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: tokenSettings(for: server, security: .tls)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .certificateRejected, "\(error?.reason ?? "no error")")
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("a refused recipient is named and nothing is sent to the others (libcurl aborts before the data)")
    func refusedRecipient() throws {
        let server = try startTokenServer(["--reject", "nobody@contoso.com"])
        let message = try Fixtures.message(to: ["admin@contoso.com", "nobody@contoso.com"]).encoded()
        let error = #expect(throws: MailError.self) { try SMTPTransport(settings: tokenSettings(for: server)).deliver(message) }
        #expect(error?.code == .recipientRejected, "\(error?.reason ?? "no error")")
        #expect(error?.facts.refusedRecipients.map(\.address) == ["nobody@contoso.com"])
        #expect(server.receivedMessages().isEmpty)
    }
}

@Suite("Exchange's and Gmail's login refusals name the cause and the next step")
struct ExchangeRefusalTests {
    @Test(arguments: [
        ("550 5.7.30 Basic authentication is not supported for Client Submission", "basic authentication is off"),
        ("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant", "turned off for this mailbox or the whole tenant"),
        ("535 5.7.8 Username and Password not accepted", "app password"),
    ])
    func basicAuthRefused(reply: String, words: String) throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "reply", "--stage", "auth", "--reply", reply], label: "hostile")
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server, timeout: 10)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .authenticationFailed, "\(error?.reason ?? "no error")")
        let hint = error.flatMap(Hint.text(for:)) ?? ""
        #expect(hint.contains(words), "\(hint)")
        #expect(hint.contains("auth = \"xoauth2\"") && hint.contains("--transport outbox"), "\(hint)")
    }

    @Test("530 5.7.57 at MAIL FROM: the login did not count")
    func notAuthenticated() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "reply", "--stage", "mail", "--reply", "530 5.7.57 Client not authenticated to send mail"], label: "hostile")
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server, timeout: 10)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .authenticationRequired)
        #expect(error.flatMap(Hint.text(for:))?.contains("token_command") == true)
    }
}
