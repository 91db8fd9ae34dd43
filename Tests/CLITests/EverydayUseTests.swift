// Issue 16 items 3, 6, 12 and 15: checks before key generation, `export --out -`, cancelled
// and duplicate requests, `X-Unsent` in `instructions --format eml`, and the JSON shapes.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct EverydayUseTests {
    static let site = "https://contoso.sharepoint.com/sites/reports"
    static let request = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", site,
                          "--from", "dana@contoso.com", "--app-name", "Reports"]

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    // MARK: item 3

    @Test func smtpWithoutAServerFailsBeforeAKeyIsMadeAndLeavesNoRequest() throws {
        let home = try StoreHome()
        defer { home.remove() }
        #expect(try home.run(["init"]).status == 0)
        let before = try home.storeDigest()
        // Without --key: a key would be generated (and said so) if the check came later.
        let result = try home.run(Self.request + ["--transport", "smtp"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("no SMTP server is configured"), "\(result)")
        #expect(!result.stderr.contains("Generating"), "\(result)")
        #expect(try home.sql("SELECT count(*) FROM requests") == "0")
        #expect(try home.storeDigest() == before)
        #expect(!FileManager.default.fileExists(atPath: home.home + "/outbox"))
        // A username without a password is found before the key, too.
        try "[smtp]\nhost = \"localhost\"\nusername = \"dana\"\n".write(toFile: home.home + "/config.toml", atomically: true, encoding: .utf8)
        let noPassword = try home.run(Self.request)
        #expect(noPassword.status == 1, "\(noPassword)")
        #expect(noPassword.stderr.contains("no password") && !noPassword.stderr.contains("Generating"), "\(noPassword)")
        #expect(try home.sql("SELECT count(*) FROM requests") == "0")
    }

    @Test func aTemplateThatCannotRenderLeavesNoRequestBehind() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let templates = home.root.appendingPathComponent("templates").path
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try "{{requestID}} for {{approver}}\n".write(toFile: templates + "/text.mustache", atomically: true, encoding: .utf8)
        let result = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--templates", templates])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("approver") == true, "\(result)")
        #expect(try home.sql("SELECT count(*) FROM requests") == "0")
        #expect(try home.sql("SELECT action FROM audit ORDER BY id DESC LIMIT 1") == "request.discarded")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: home.home + "/outbox"))?.isEmpty ?? true)
    }

    // MARK: item 6

    @Test func exportToStandardOutput() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let home = connection.home
        let piped = try home.run(["export", connection.name, "--format", "json", "--out", "-"])
        #expect(piped.status == 0, "\(piped)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any], "\(piped)")
        #expect(document["clientID"] as? String == VerifyHome.client)
        #expect(piped.stdout == (try String(contentsOfFile: connection.app, encoding: .utf8)))
        #expect(!FileManager.default.fileExists(atPath: home.root.appendingPathComponent("-").path))
        // The key needs an explicit choice, even into a pipe.
        let refused = try home.run(["export", connection.name, "--format", "pem", "--out", "-"], ["SPCONNECT_CERT_PASSWORD": "quiet-harbour-lantern-47"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stdout.isEmpty && refused.hintLines.first?.contains("--key-to-stdout") == true, "\(refused)")
        let pem = try home.run(["export", connection.name, "--format", "pem", "--out", "-", "--key-to-stdout"], ["SPCONNECT_CERT_PASSWORD": "quiet-harbour-lantern-47"])
        #expect(pem.status == 0, "\(pem)")
        #expect(pem.stdout.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let key = CLI.openssl("pkey", "-passin", "pass:quiet-harbour-lantern-47", "-pubout", stdin: Array(pem.stdout.utf8))
        let expected = CLI.openssl("pkey", "-in", Fixtures.rsaKey, "-pubout")
        #expect(key.status == 0 && key.stdout == expected.stdout, "\(key)")
        #expect(try home.sql("SELECT detail FROM audit WHERE action = 'key.exported'").contains("to standard output"))
        // PFX is binary: through a pipe into openssl, as a user would.
        let pfx = CLI.tool("/bin/sh", ["-c", "'\(CLI.binary)' export \(connection.name) --format pfx --out - --key-to-stdout "
                                             + "| openssl pkcs12 -passin pass:quiet-harbour-lantern-47 -nodes -nocerts | openssl pkey -pubout"],
                           environment: home.environment(["SPCONNECT_CERT_PASSWORD": "quiet-harbour-lantern-47"]))
        #expect(pfx.status == 0 && pfx.stdout == expected.stdout, "\(pfx)")
        // On a terminal it is refused whatever the flags.
        let terminal = CLI.run(["export", connection.name, "--format", "pfx", "--out", "-", "--key-to-stdout"],
                               environment: home.environment(["SPCONNECT_CERT_PASSWORD": "quiet-harbour-lantern-47"]), terminal: [], onTerminal: true)
        #expect(terminal.status == 2, "\(terminal)")
        #expect(terminal.terminal.contains("on the terminal"), "\(terminal)")
    }

    // MARK: item 12

    @Test func cancelDeletesTheDraftAndInstructionsWarn() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--json"])
        #expect(made.status == 0, "\(made)")
        let id = try #require(json(made)["id"] as? String)
        let draft = home.home + "/outbox/\(id).eml"
        #expect(FileManager.default.fileExists(atPath: draft))
        let pending = try home.run(["instructions", id])
        #expect(pending.status == 0 && pending.warningLines.isEmpty, "\(pending)")
        let cancelled = try home.run(["cancel", id])
        #expect(cancelled.status == 0, "\(cancelled)")
        #expect(!FileManager.default.fileExists(atPath: draft), "the cancelled request's draft is still in the outbox")
        let instructions = try home.run(["instructions", id])
        #expect(instructions.status == 0)
        #expect(instructions.warningLines.first?.contains("\(id) is cancelled") == true, "\(instructions)")
    }

    @Test func aSecondPendingRequestForTheSameTenantAndAppWarns() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let first = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--json"])
        let id = try #require(json(first)["id"] as? String)
        #expect(first.warningLines.isEmpty, "\(first)")
        let second = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--json"])
        #expect(second.status == 0)
        #expect(second.warningLines.count == 1 && second.warningLines[0].contains("\(id)") && second.warningLines[0].contains("spconnect cancel \(id)"),
                "\(second)")
        // Another app name in the same tenant is not a duplicate.
        let other = try home.run(Self.request.dropLast(2) + ["--app-name", "Finance", "--key", Fixtures.rsaKey])
        #expect(other.status == 0 && other.warningLines.isEmpty, "\(other)")
    }

    // MARK: item 15

    @Test func theEmlOfInstructionsIsADraft() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--json"])
        let id = try #require(json(made)["id"] as? String)
        let eml = try home.run(["instructions", id, "--format", "eml"])
        #expect(eml.status == 0)
        let mail = try ParsedMail(bytes: Array(eml.stdout.utf8))
        #expect(mail.header("X-Unsent") == ["1"])
        #expect(mail.defects.isEmpty)
        #expect(mail.subject?.contains(id) == true)
    }

    @Test func jsonShapes() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--json"])
        #expect(made.status == 0, "\(made)")
        let created = json(made)
        let id = try #require(created["id"] as? String)
        let entry = try #require((json(try home.run(["requests", "--json"]))["requests"] as? [[String: Any]])?.first)
        // request --json is a requests --json entry, plus the delivery it just made.
        #expect(Set(created.keys).subtracting(["delivery", "outbox"]) == Set(entry.keys), "\(created.keys) vs \(entry.keys)")
        #expect((created["delivery"] as? [String: Any])?["transport"] as? String == "outbox")
        // Plain ISO 8601 timestamps; the days left in their own field.
        for key in ["notAfter", "createdAt", "updatedAt"] {
            #expect(ISO8601DateFormatter().date(from: entry[key] as? String ?? "") != nil, "\(key): \(entry[key] ?? "")")
        }
        #expect(entry["daysLeft"] as? Int == 364 || entry["daysLeft"] as? Int == 365, "\(entry)")
        #expect(entry["siteRole"] as? String == "write")
        // A tenant-wide profile has no site role, neither as a request nor as a connection.
        let wide = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--from", "dana@contoso.com",
                                 "--permission", "sites-read-all", "--key", Fixtures.rsaKey, "--json"])
        #expect(wide.status == 0, "\(wide)")
        #expect(json(wide)["siteRole"] == nil && json(wide)["permission"] as? String == "sites-read-all", "\(wide)")
        let wideID = try #require(json(wide)["id"] as? String)
        let imported = try home.run(["import", "--request", wideID, "--tenant-id", "72f988bf-86f1-41af-91ab-2d7cd011db47",
                                     "--client-id", "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c", "--name", "wide"])
        #expect(imported.status == 0, "\(imported)")
        let connection = json(try home.run(["show", "wide", "--json"]))
        #expect(connection["siteRole"] == nil && connection["clientID"] != nil, "\(connection)")
        _ = id
    }

    @Test func aFailedDeliveryUnderJSONIsOneDocument() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let refusing = try ScriptServer("smtp_server.py", ["--reject", "it@contoso.com"], label: "json-reject")
        defer { refusing.stop() }
        let result = try home.run(Self.request + ["--key", Fixtures.rsaKey, "--json", "--transport", "smtp", "--smtp-host", "localhost",
                                                  "--smtp-port", "\(refusing.port)", "--smtp-ca-file", refusing.caFile])
        #expect(result.status == 1, "\(result)")
        // One document (JSONSerialization refuses trailing text), the request's, with what failed.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(document["status"] as? String == "failed")
        let delivery = document["delivery"] as? [String: Any] ?? [:]
        #expect(delivery["rejectedRecipients"] as? [String] == ["it@contoso.com"], "\(document)")
        #expect(result.errorLines.count == 1 && result.hintLines.first?.contains("spconnect send") == true, "\(result)")
    }

    @Test func verifyJSONHasNoProseInItsTimestamps() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try connection.verify(stub, ["--json"])
        #expect(result.status == 0, "\(result)")
        let report = json(result)
        let key = try #require((report["checks"] as? [[String: Any]])?.first { $0["check"] as? String == "key" })
        let validUntil = try #require(key["validUntil"] as? String)
        #expect(ISO8601DateFormatter().date(from: validUntil) != nil, "not plain ISO 8601: \(validUntil)")
        #expect(key["daysLeft"] as? Int != nil, "\(key)")
    }
}
