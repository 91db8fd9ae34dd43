import Foundation
import Testing
import TestSupport

/// `spconnect request` and `send` end to end: the outbox draft and real SMTP delivery to
/// aiosmtpd on loopback (STARTTLS, AUTH), each message read back by Python's `email`.
@Suite(.serialized) struct RequestTests {
    static let site = "https://contoso.sharepoint.com/sites/reports"

    func requestArguments(_ extra: [String] = []) -> [String] {
        ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", Self.site,
         "--from", "Dana Developer <dana@contoso.com>", "--app-name", "Reports exporter"] + extra
    }

    /// The request's record as `show --json` prints it.
    func show(_ home: StoreHome, _ id: String) throws -> [String: Any] {
        let output = try home.run(["show", id, "--json"]).stdout
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }

    func checkMessage(_ mail: ParsedMail, id: String, thumbprint: String) throws {
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.crlfOnly)
        #expect(mail.maxLine <= 998)
        #expect(mail.subject?.contains(id) == true)
        #expect(mail.addresses("from")?.first?.addr == "dana@contoso.com")
        #expect(mail.addresses("to")?.map(\.addr) == ["it@contoso.com"])
        #expect(mail.addresses("reply_to")?.first?.addr == "dana@contoso.com")
        #expect(mail.header("Message-ID").first?.hasSuffix("@contoso.com>") == true)
        for body in [mail.text ?? "", mail.html ?? ""] {
            #expect(body.contains(id))
            #expect(body.contains(thumbprint))
            #expect(body.contains("BEGIN SPCONNECT REPLY"))
        }
        // PEM, not .cer: Outlook blocks .cer, .crt and .der attachments.
        let certificate = try #require(mail.attachments.first { ($0["content_type"] as? String) == "application/x-pem-file" })
        #expect((certificate["filename"] as? String)?.hasSuffix("\(id).pem") == true)
        let pem = try #require(Data(base64Encoded: certificate["base64"] as? String ?? ""))
        let folder = makeTemporaryFolder("cer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try pem.write(to: URL(fileURLWithPath: folder + "/a.pem"))
        let fingerprint = CLI.openssl("x509", "-in", folder + "/a.pem", "-noout", "-fingerprint", "-sha1").stdout
        #expect(fingerprint.replacingOccurrences(of: ":", with: "").contains(thumbprint))
        #expect(mail.attachments.count == 3)
    }

    @Test func theOutboxDraftIsAWellFormedRequest() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let result = try home.run(requestArguments(["--key-size", "2048", "--json"]))
        #expect(result.status == 0, "\(result)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let id = try #require(summary["id"] as? String)
        let thumbprint = try #require(summary["thumbprint"] as? String)
        #expect(summary["status"] as? String == "drafted")
        let path = home.home + "/outbox/\(id).eml"
        #expect(summary["outbox"] as? String == path)
        let mail = try ParsedMail(path: path)
        try checkMessage(mail, id: id, thumbprint: thumbprint)
        #expect(mail.header("X-Unsent") == ["1"])
        #expect(try show(home, id)["messageID"] as? String != nil)
        // The certificate's CN carries the app name and the request ID.
        let cer = home.root.appendingPathComponent("x.pem").path
        _ = try home.run(["instructions", id, "--format", "manifest", "--out", cer + ".json"])
        #expect(FileManager.default.fileExists(atPath: cer + ".json"))
    }

    @Test func smtpDeliveryThroughARealServerWithStartTLSAndAuth() throws {
        let server = try ScriptServer("smtp_server.py", ["--user", "dana"], environment: ["SMTP_TEST_PASSWORD": "smtp-secret"], label: "request")
        defer { server.stop() }
        let home = try StoreHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(atPath: home.home, withIntermediateDirectories: true)
        try """
            [smtp]
            host = "localhost"
            port = \(server.port)
            username = "dana"
            ca_file = "\(server.caFile)"
            from = "Dana Developer <dana@contoso.com>"
            """.write(toFile: home.home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try home.run(requestArguments(["--key-size", "2048", "--json"]), ["SPCONNECT_SMTP_PASSWORD": "smtp-secret"])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stdout.contains("smtp-secret") && !result.stderr.contains("smtp-secret"))
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let id = try #require(summary["id"] as? String)
        #expect(summary["status"] as? String == "sent")
        // The server's reply ends in CRLF: shown as text, never as "??" (issue 16 item 4).
        #expect(!result.stdout.contains("??") && !result.stderr.contains("??"), "\(result)")
        let reply = try #require((summary["delivery"] as? [String: Any])?["serverReply"] as? String, "\(result)")
        #expect(reply.hasPrefix("250") && !reply.hasSuffix("?") && !reply.contains("\r"), "\(reply)")
        let received = server.receivedMessages()
        #expect(received.count == 1)
        let envelope = try #require(received.first?.envelope)
        #expect(envelope["rcpt_tos"] as? [String] == ["it@contoso.com"])
        #expect(envelope["auth_user"] as? String == "dana")
        #expect(envelope["sni"] as? String == "localhost")
        let mail = try ParsedMail(path: try #require(received.first?.eml))
        try checkMessage(mail, id: id, thumbprint: try #require(summary["thumbprint"] as? String))
        #expect(mail.header("X-Unsent").isEmpty)
        #expect(try show(home, id)["status"] as? String == "sent")
    }

    @Test func aRejectedAdminFailsTheRequestByNameAndSendRetriesWithTheSameMessageID() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let refusing = try ScriptServer("smtp_server.py", ["--reject", "it@contoso.com"], label: "reject")
        let flags = { (server: ScriptServer) in ["--transport", "smtp", "--smtp-host", "localhost", "--smtp-port", "\(server.port)", "--smtp-ca-file", server.caFile] }
        let failed = try home.run(requestArguments(["--key-size", "2048"] + flags(refusing)))
        refusing.stop()
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("it@contoso.com"))
        #expect(failed.stderr.contains("spconnect send SPC-"))
        let id = try #require(failed.stdout.split(separator: " ").first { $0.hasPrefix("SPC-") }.map(String.init))
        let record = try show(home, id)
        #expect(record["status"] as? String == "failed")
        #expect((record["lastError"] as? String)?.contains("it@contoso.com") == true)
        let messageID = try #require(record["messageID"] as? String)

        let accepting = try ScriptServer("smtp_server.py", [], label: "accept")
        defer { accepting.stop() }
        let sent = try home.run(["send", id] + flags(accepting))
        #expect(sent.status == 0, "\(sent)")
        #expect(try show(home, id)["status"] as? String == "sent")
        let mail = try ParsedMail(path: try #require(accepting.receivedMessages().first?.eml))
        #expect(mail.header("Message-ID").first == "<\(messageID)>")
        #expect(accepting.receivedMessages().count == 1)
    }

    @Test(arguments: [
        (["--app-name", "bad\u{0A}Bcc: x@evil.example"], "--app-name"),
        (["--admin", "not an address"], "--admin"),
        (["--from", "Dana <dana@contoso.com>\r\nBcc: x@evil.example"], "--from"),
        (["--tenant", "contoso\u{0D}.com"], "--tenant"),
        (["--site", "https://fabrikam.example.com/sites/x"], "site"),
        (["--permission", "sites-everything"], "sites-everything"),
        (["--cloud", "mars"], "mars"),
        (["--key-size", "1024"], "1024"),
    ])
    func badInputIsRefusedBeforeAnythingIsMade(extra: [String], mention: String) throws {
        let home = try StoreHome()
        defer { home.remove() }
        let result = try home.run(requestArguments() + extra)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(mention), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.database), "a refused request must not create the store")
        #expect(!FileManager.default.fileExists(atPath: home.home + "/outbox"))
    }

    @Test func sitesSelectedNeedsASiteAndAFromAddressIsRequired() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let noSite = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--from", "d@contoso.com"])
        #expect(noSite.status == 2)
        #expect(noSite.stderr.contains("--site"))
        let noFrom = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", Self.site])
        #expect(noFrom.status == 2)
        #expect(noFrom.stderr.contains("--from"))
        #expect(!FileManager.default.fileExists(atPath: home.database))
    }
}
