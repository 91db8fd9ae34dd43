// `request --cc` carried through (issue 16 item 1) and `send --admin/--cc` replacing a
// request's recipients (item 11): the Cc header as Python's `email` reads it, the envelope
// recipients aiosmtpd received, the stored request, and the audit log.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct RecipientTests {
    static let site = "https://contoso.sharepoint.com/sites/reports"
    static let base = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", site,
                       "--from", "Dana Developer <dana@contoso.com>", "--key", Fixtures.rsaKey, "--json"]

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    func smtpFlags(_ server: ScriptServer) -> [String] {
        ["--transport", "smtp", "--smtp-host", "localhost", "--smtp-port", "\(server.port)", "--smtp-ca-file", server.caFile]
    }

    @Test func ccReachesTheDraftTheStoreAndTheListings() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.base + ["--cc", "Lee Manager <lee@contoso.com>", "--cc", "ops@contoso.com"])
        #expect(made.status == 0, "\(made)")
        let id = try #require(json(made)["id"] as? String)
        #expect(json(made)["cc"] as? [String] == ["Lee Manager <lee@contoso.com>", "ops@contoso.com"])
        let mail = try ParsedMail(path: home.home + "/outbox/\(id).eml")
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.addresses("to")?.map(\.addr) == ["it@contoso.com"])
        #expect(mail.addresses("cc")?.map(\.addr) == ["lee@contoso.com", "ops@contoso.com"])
        #expect(mail.addresses("cc")?.first?.name == "Lee Manager")
        #expect(json(try home.run(["show", id, "--json"]))["cc"] as? [String] == ["Lee Manager <lee@contoso.com>", "ops@contoso.com"])
        let listed = (json(try home.run(["requests", "--json"]))["requests"] as? [[String: Any]])?.first
        #expect(listed?["cc"] as? [String] == ["Lee Manager <lee@contoso.com>", "ops@contoso.com"])
        #expect(try home.run(["show", id]).stdout.contains("Cc:                 Lee Manager <lee@contoso.com>, ops@contoso.com"))
    }

    @Test func ccIsARecipientOverSMTP() throws {
        let server = try ScriptServer("smtp_server.py", [], label: "cc")
        defer { server.stop() }
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.base + ["--cc", "lee@contoso.com"] + smtpFlags(server))
        #expect(made.status == 0, "\(made)")
        let received = server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].envelope["rcpt_tos"] as? [String] == ["it@contoso.com", "lee@contoso.com"])
        let mail = try ParsedMail(path: received[0].eml)
        #expect(mail.addresses("cc")?.map(\.addr) == ["lee@contoso.com"])
        #expect(mail.addresses("bcc") == nil || mail.addresses("bcc")?.isEmpty == true)
    }

    @Test func sendReplacesTheRecipientsAndTheAuditLogSaysSo() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.base + ["--admin", "typo@contso.com", "--cc", "lee@contoso.com"])
        #expect(made.status == 0, "\(made)")
        let id = try #require(json(made)["id"] as? String)
        let server = try ScriptServer("smtp_server.py", [], label: "resend")
        defer { server.stop() }
        let sent = try home.run(["send", id, "--admin", "it-admin@contoso.com", "--no-cc", "--json"] + smtpFlags(server))
        #expect(sent.status == 0, "\(sent)")
        #expect(json(sent)["admins"] as? [String] == ["it-admin@contoso.com"])
        #expect(json(sent)["cc"] as? [String] == [])
        #expect(server.receivedMessages().first?.envelope["rcpt_tos"] as? [String] == ["it-admin@contoso.com"])
        #expect(try home.sql("SELECT admins, cc FROM requests WHERE id = '\(id)'") == "[\"it-admin@contoso.com\"]|[]")
        let audit = try home.sql("SELECT detail FROM audit WHERE action = 'request.recipients' AND subject = '\(id)'")
        #expect(audit.contains("typo@contso.com") && audit.contains("it-admin@contoso.com"), "\(audit)")
        // Only --cc: the admins stay, the copies are replaced.
        let again = try home.run(["send", id, "--cc", "ops@contoso.com", "--transport", "outbox", "--json"])
        #expect(again.status == 0, "\(again)")
        let mail = try ParsedMail(path: home.home + "/outbox/\(id).eml")
        #expect(mail.addresses("to")?.map(\.addr) == ["it-admin@contoso.com"])
        #expect(mail.addresses("cc")?.map(\.addr) == ["ops@contoso.com"])
        let log = json(try home.run(["log", "--subject", id, "--json"]))["entries"] as? [[String: Any]] ?? []
        #expect(log.compactMap { $0["action"] as? String }.filter { $0 == "request.recipients" }.count == 2, "\(log)")
    }

    @Test func aBadAddressOrAFulfilledRequestChangesNothing() throws {
        let home = try StoreHome()
        defer { home.remove() }
        #expect(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--requests", "1", "--connections", "1", "--key", Fixtures.rsaKey])
        let ids = seed.stdout.split(separator: "\n").map(String.init)
        try #require(ids.count == 2)
        let before = try home.storeDigest()
        let bad = try home.run(["send", ids[0], "--admin", "it@contoso.com\r\nBcc: x@evil.example"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("--admin"))
        let fulfilled = try home.run(["send", ids[1], "--admin", "it@contoso.com"])
        #expect(fulfilled.status == 1, "\(fulfilled)")
        #expect(fulfilled.stderr.contains("fulfilled"))
        #expect(try home.storeDigest() == before)
    }

    /// A store from before `--cc` (no `cc` column, its migration not recorded) is migrated
    /// when opened: its requests read with no copies, and the next one keeps its `--cc`.
    @Test func aStoreFromBeforeCcIsMigrated() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.base)
        #expect(made.status == 0, "\(made)")
        _ = try home.sql("ALTER TABLE requests DROP COLUMN cc; DELETE FROM grdb_migrations WHERE identifier = 'issue16-request-cc';")
        #expect(try home.sql("SELECT count(*) FROM pragma_table_info('requests') WHERE name = 'cc'") == "0")
        let listed = try home.run(["requests", "--json"])
        #expect(listed.status == 0, "\(listed)")
        #expect((json(listed)["requests"] as? [[String: Any]])?.first?["cc"] as? [String] == [])
        #expect(try home.run(Self.base + ["--cc", "lee@contoso.com"]).status == 0)
        #expect(try home.sql("SELECT count(*) FROM requests WHERE cc = '[\"lee@contoso.com\"]'") == "1")
    }
}
