// The scripted hostile server (scripts/hostile_smtp.py): every misbehaviour ends in a
// clear, classified error, and no credential and no message ever leaves in clear.
import Hints
import Common
import Foundation
import Mail
import Testing
import TestSupport

struct HostileCase: Sendable, CustomTestStringConvertible {
    let scenario: String
    var stage: String? = nil
    var reply: String? = nil
    let code: MailError.Code
    let temporary: Bool
    var replyPrefix: String? = nil

    var testDescription: String { [scenario, stage, reply].compactMap { $0 }.joined(separator: " ") }
}

let hostileCases: [HostileCase] = [
    HostileCase(scenario: "no-starttls", code: .starttlsUnavailable, temporary: false),
    HostileCase(scenario: "starttls-454", code: .starttlsRefused, temporary: true, replyPrefix: "454"),
    HostileCase(scenario: "inject", code: .responseInjection, temporary: false),
    HostileCase(scenario: "drop-in-data", code: .connectionDropped, temporary: true),
    HostileCase(scenario: "auth-fail", code: .authenticationFailed, temporary: false, replyPrefix: "535"),
    HostileCase(scenario: "no-auth", code: .authenticationUnavailable, temporary: false),
    HostileCase(scenario: "reply", stage: "greeting", reply: "421 4.3.2 Service not available", code: .serverUnavailable, temporary: true, replyPrefix: "421"),
    HostileCase(scenario: "reply", stage: "greeting", reply: "554 5.7.1 No SMTP service here", code: .protocolError, temporary: false, replyPrefix: "554"),
    HostileCase(scenario: "reply", stage: "ehlo", reply: "421 4.3.2 Too busy", code: .serverUnavailable, temporary: true, replyPrefix: "421"),
    HostileCase(scenario: "reply", stage: "ehlo", reply: "554 5.7.1 Go away", code: .protocolError, temporary: false, replyPrefix: "554"),
    HostileCase(scenario: "reply", stage: "starttls", reply: "554 5.7.3 TLS not permitted", code: .starttlsRefused, temporary: false, replyPrefix: "554"),
    HostileCase(scenario: "reply", stage: "auth", reply: "454 4.7.0 Temporary authentication failure", code: .authenticationFailed, temporary: true, replyPrefix: "454"),
    HostileCase(scenario: "reply", stage: "mail", reply: "451 4.3.0 Try again later", code: .senderRejected, temporary: true, replyPrefix: "451"),
    HostileCase(scenario: "reply", stage: "mail", reply: "553 5.7.1 Sender not allowed", code: .senderRejected, temporary: false, replyPrefix: "553"),
    HostileCase(scenario: "reply", stage: "mail", reply: "530 5.7.0 Authentication required", code: .authenticationRequired, temporary: false, replyPrefix: "530"),
    HostileCase(scenario: "reply", stage: "rcpt", reply: "530 5.7.57 Client not authenticated to send mail", code: .authenticationRequired, temporary: false, replyPrefix: "530"),
    HostileCase(scenario: "implicit-tls", code: .implicitTLS, temporary: false),
    HostileCase(scenario: "reply", stage: "rcpt", reply: "450 4.2.1 Mailbox busy", code: .recipientRejected, temporary: true, replyPrefix: "450"),
    HostileCase(scenario: "reply", stage: "rcpt", reply: "550 5.1.1 No such user", code: .recipientRejected, temporary: false, replyPrefix: "550"),
    HostileCase(scenario: "reply", stage: "data", reply: "451 4.3.0 Not now", code: .messageRejected, temporary: true, replyPrefix: "451"),
    HostileCase(scenario: "reply", stage: "data", reply: "554 5.5.1 No valid recipients", code: .messageRejected, temporary: false, replyPrefix: "554"),
    HostileCase(scenario: "reply", stage: "eod", reply: "452 4.3.1 Insufficient storage", code: .messageRejected, temporary: true, replyPrefix: "452"),
    HostileCase(scenario: "reply", stage: "eod", reply: "554 5.7.1 Message refused", code: .messageRejected, temporary: false, replyPrefix: "554"),
]

@Suite("SMTP against a hostile server")
struct HostileServerTests {
    /// `.auto` with a password runs libESMTP; `.plain` runs libcurl (CurlSMTPSession).
    @Test("classified error, nothing in clear", arguments: hostileCases, [SMTPSettings.Authentication.auto, .plain])
    func hostile(_ testCase: HostileCase, auth: SMTPSettings.Authentication) throws {
        var arguments = ["--scenario", testCase.scenario]
        if let stage = testCase.stage { arguments += ["--stage", stage] }
        if let reply = testCase.reply { arguments += ["--reply", reply] }
        let server = try ScriptServer("hostile_smtp.py", arguments, label: "hostile")
        let message = try Fixtures.message().encoded()
        var chosen = settings(for: server, verbose: true, timeout: 10)
        chosen.authentication = auth
        let transport = try SMTPTransport(settings: chosen)
        let error = #expect(throws: MailError.self) { try transport.deliver(message) }
        #expect(error?.code == testCase.code, "\(error?.reason ?? "no error")")
        #expect(error?.facts.isTemporary == testCase.temporary)
        if let prefix = testCase.replyPrefix { #expect(error?.facts.serverReply?.hasPrefix(prefix) == true, "\(error?.facts.serverReply ?? "no reply")") }
        #expect(error.flatMap(Hint.text(for:))?.isEmpty == false)
        #expect(!server.waitForEvents().isEmpty, "the server recorded no connection")
        server.stop()
        assertNothingInClear(server)
        // Never sent twice, and never accepted where the server said no.
        let events = server.events()
        #expect(events.reduce(0) { $0 + ($1["data_commands"] as? Int ?? 0) } <= 1)
        #expect(events.reduce(0) { $0 + ($1["messages_accepted"] as? Int ?? 0) } == 0)
    }

    @Test("a response injected after '220 Ready to start TLS' stops the session before anything is sent in TLS")
    func injectionStopsBeforeAuth() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "inject"], label: "hostile")
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .responseInjection)
        server.waitForEvents()
        server.stop()
        let inside = String(decoding: server.tlsBytes(), as: UTF8.self)
        #expect(!inside.contains("AUTH"))
        #expect(!inside.contains("MAIL FROM"))
        let events = server.events()
        #expect(events.count == 1, "one session, no probe after a greeting: \(events)")
        #expect(events.first?["auth_attempts"] as? Int == 0)
    }

    @Test("a failed login stops the session before MAIL FROM, even though the server would take the message")
    func failedLoginSendsNoMail() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "auth-fail"], label: "hostile")
        let loginError = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server)).deliver(try Fixtures.message().encoded())
        }
        #expect(loginError?.code.domain == .mail, "\(loginError.map(String.init(describing:)) ?? "no error")")
        server.stop()
        let inside = String(decoding: server.tlsBytes(), as: UTF8.self)
        #expect(inside.contains("AUTH"))
        #expect(!inside.contains("MAIL FROM"))
    }

    @Test("a server that goes silent after DATA is a timeout, a temporary failure")
    func silenceIsATimeout() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "silent-after-data", "--silence", "20"], label: "hostile")
        let started = Date()
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server, timeout: 2)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .timedOut)
        #expect(error?.facts.isTemporary == true)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("after a greeting that never came, the probe reads a later greeting to its end, says QUIT and closes cleanly")
    func probeEndsAGreetingCleanly() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "greet-after-silence"], label: "hostile")
        let error = #expect(throws: MailError.self) {
            try SMTPTransport(settings: settings(for: server, timeout: 8)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .timedOut, "\(error?.reason ?? "no error")")
        #expect(error?.facts.isTemporary == true)
        let events = server.waitForEvents(2)
        try #require(events.count == 2, "the session, then the probe: \(events)")
        #expect(events.allSatisfy { $0["early_talk"] as? Bool == false }, "nothing sent before a greeting ended: \(events)")
        #expect(events[1]["quit"] as? Bool == true, "\(events)")
        #expect(events[1]["reset"] as? Bool == false, "\(events)")
    }

    @Test("an implicit-TLS port is named by a ClientHello sent only after the session heard no greeting")
    func implicitTLSIsRecognised() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "implicit-tls"], label: "hostile")
        let error = #expect(throws: MailError.self) {
            // Without the probe this is a temporary .timedOut ("try again later").
            try SMTPTransport(settings: settings(for: server, timeout: 6)).deliver(try Fixtures.message().encoded())
        }
        #expect(error?.code == .implicitTLS, "\(error?.reason ?? "no error")")
        #expect(error?.facts.isTemporary == false)
        let events = server.waitForEvents(2)
        #expect(events.count == 2, "the session, then the probe: \(events)")
        #expect(events.first?["client_hello"] as? Bool == false, "the session itself never talks before a greeting")
        #expect(events.last?["client_hello"] as? Bool == true)
    }

    func assertNothingInClear(_ server: ScriptServer, sourceLocation: SourceLocation = #_sourceLocation) {
        let clear = server.clearBytes()
        let text = String(decoding: clear, as: UTF8.self)
        let forbidden = [
            "AUTH", "MAIL FROM", "RCPT TO", "DATA", testPassword, Fixtures.textMarker, "SPCONNECT REPLY",
            Base64.encode(Array("\0dev\0\(testPassword)".utf8)), Base64.encode(Array(testPassword.utf8)), Base64.encode(Array("dev".utf8)),
        ]
        for word in forbidden {
            #expect(!text.contains(word), "'\(word)' left in clear: \(text)", sourceLocation: sourceLocation)
        }
    }
}
