import Foundation
import Testing
import TestSupport

/// `spconnect instructions`: any part of a stored request's email, again.
@Suite(.serialized) struct InstructionsCommandTests {
    /// A home with a store and one seeded request (sites-selected, write, one site).
    func seeded() throws -> (StoreHome, id: String) {
        let home = try StoreHome()
        #expect(try home.run(["init"]).status == 0)
        let key = try home.makeKey()
        let seed = try home.run(["_dev", "seed", "--requests", "1", "--key", key])
        #expect(seed.status == 0, "\(seed.stderr)")
        return (home, seed.stdout.split(separator: "\n").first.map(String.init) ?? "")
    }

    @Test func everyFormatPrintsItsPart() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let text = try home.run(["instructions", id])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("request \(id)") && text.stdout.contains("----- BEGIN SPCONNECT REPLY -----\nRequest: \(id)\n"))
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 78 || $0.contains("://") })
        let html = try home.run(["instructions", id, "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("Content-Security-Policy"))
        let ps = try home.run(["instructions", id, "--format", "powershell"])
        #expect(ps.stdout.contains("Connect-MgGraph -Environment $Environment") && ps.stdout.contains("$RequestId = '\(id)'"))
        let sh = try home.run(["instructions", id, "--format", "azcli"])
        #expect(sh.stdout.hasPrefix("#!/usr/bin/env bash\n") && sh.stdout.contains("REQUEST_ID='\(id)'"))
        let manifest = try home.run(["instructions", id, "--format", "manifest"])
        let json = try JSONSerialization.jsonObject(with: Data(manifest.stdout.utf8)) as? [String: Any]
        #expect(json?["request"] as? String == id)
        // The templates are inside the binary: it renders from any folder.
        let elsewhere = CLI.run(["instructions", id, "--format", "azcli"], environment: home.environment(), cwd: "/")
        #expect(elsewhere.status == 0 && elsewhere.stdout == sh.stdout)
    }

    @Test func outWritesTheFileAndRefusesToReplaceItWithoutForce() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let path = home.root.appendingPathComponent("register-app.sh").path
        let first = try home.run(["instructions", id, "--format", "azcli", "--out", path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Wrote \(path)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
        #expect(CLI.tool("bash", ["-n", path]).status == 0)
        let again = try home.run(["instructions", id, "--format", "azcli", "--out", path])
        #expect(again.status == 1)
        #expect(again.errorLines == ["spconnect: error: \(path) already exists"])
        #expect(try home.run(["instructions", id, "--format", "azcli", "--out", path, "--force"]).status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let pdf = try home.run(["instructions", id, "--format", "pdf"])
        #expect(pdf.status == 2)
        #expect(pdf.stderr.contains("--format must be text, html, powershell, azcli, manifest or eml."))
        let eml = try home.run(["instructions", id, "--format", "eml"])
        #expect(eml.status == 0)
        #expect(eml.stdout.contains("MIME-Version: 1.0\r\n"))
        #expect(eml.stdout.contains("Content-Type: application/x-pem-file"))
        #expect(try home.run(["instructions", id, "--force"]).status == 2)
        let unknown = try home.run(["instructions", "SPC-0000-0000"])
        #expect(unknown.status == 1)
        #expect(unknown.errorLines == ["spconnect: error: SPC-0000-0000: no request SPC-0000-0000"])
    }

    @Test func userTemplatesOverrideByNameAndUnknownVariablesAreNamed() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let mine = home.root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "Custom text for {{requestID}} ({{appName}})\n".write(to: mine.appendingPathComponent("text.mustache"), atomically: true, encoding: .utf8)
        let custom = try home.run(["instructions", id, "--templates", mine.path])
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(custom.stdout == "Custom text for \(id) (seed-0)\n")
        // The home's templates folder is used without --templates.
        let homeTemplates = URL(fileURLWithPath: home.home).appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: homeTemplates, withIntermediateDirectories: true)
        let broken = homeTemplates.appendingPathComponent("text.mustache")
        try "{{requestID}} for {{approver}}\n".write(to: broken, atomically: true, encoding: .utf8)
        let failed = try home.run(["instructions", id])
        #expect(failed.status == 1)
        #expect(failed.errorLines == ["spconnect: error: template text (\(broken.path)) names the variable approver, which the instructions do not provide"])
        #expect(failed.hintLines.first?.contains("remove {{approver}} from \(broken.path)") == true)
        #expect(failed.stdout.isEmpty)
        // A file that is not a template's name is refused, not ignored.
        try FileManager.default.removeItem(at: broken)
        try "x\n".write(to: homeTemplates.appendingPathComponent("subjet.mustache"), atomically: true, encoding: .utf8)
        let typo = try home.run(["instructions", id])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("subjet is not a template name"))
        #expect(try home.run(["instructions", id, "--templates", "/nonexistent"]).status == 1)
    }

    /// The subject, text and HTML of a request made through the outbox, `extra` added to `request`.
    func outboxRequest(_ home: StoreHome, _ extra: [String]) throws -> (subject: String, text: String, html: String) {
        let made = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                 "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "Dana Developer <dana@contoso.com>",
                                 "--key", Fixtures.rsaKey, "--transport", "outbox", "--json"] + extra)
        #expect(made.status == 0, "\(made)")
        let object = (try? JSONSerialization.jsonObject(with: Data(made.stdout.utf8))) as? [String: Any] ?? [:]
        let id = try #require(object["id"] as? String, "\(made.stdout)")
        let email = try String(contentsOfFile: home.home + "/outbox/\(id).eml", encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        // The Subject header, unfolded.
        let headers = email.components(separatedBy: "\n\n")[0].replacingOccurrences(of: "\n ", with: " ")
        let subject = try #require(headers.components(separatedBy: "\n").first { $0.hasPrefix("Subject: ") }, "\(headers)")
        let text = try home.run(["instructions", id])
        let html = try home.run(["instructions", id, "--format", "html"])
        #expect(text.status == 0 && html.status == 0, "\(text.stderr)\(html.stderr)")
        // The text as one line, so a phrase the wrapper broke still matches.
        let flat = text.stdout.replacingOccurrences(of: #"\n *"#, with: " ", options: .regularExpression)
        return (subject, flat, html.stdout)
    }

    /// What only a new registration says.
    static let registrationWords = ["register an application", "Register a single-tenant application", "New registration",
                                    "Select Register", "Please register", "register the application", ": register "]

    @Test("a request for an existing app (--client-id) asks for a certificate on it, not for a registration")
    func anExistingAppIsNotRegistered() throws {
        let home = try StoreHome()
        defer { home.remove() }
        var generator = SeededGenerator.forTest("existingAppClientID", fallback: 0x4558_0001)
        let hex = (0..<32).map { _ in String(generator.next() % 16, radix: 16) }.joined()
        let clientID = [hex.prefix(8), hex.dropFirst(8).prefix(4), "4" + hex.dropFirst(13).prefix(3), "8" + hex.dropFirst(17).prefix(3), hex.suffix(12)]
            .map(String.init).joined(separator: "-")
        let existing = try outboxRequest(home, ["--client-id", clientID])
        for (part, words) in [("subject", existing.subject), ("text", existing.text), ("html", existing.html)] {
            for phrase in Self.registrationWords {
                #expect(!words.contains(phrase), "the \(part) says \"\(phrase)\"")
            }
            #expect(words.contains("add a certificate to"), "\(part): \(words)")
        }
        for words in [existing.text, existing.html] {
            #expect(words.contains(clientID))
            #expect(words.contains("All applications"))
            #expect(words.contains("Upload certificate"))
            #expect(words.contains("Remove nothing"))
        }
        #expect(existing.subject.contains("Please add a certificate to the app"), "\(existing.subject)")

        // A request for a new app keeps the registration's words.
        let fresh = try outboxRequest(home, [])
        #expect(fresh.subject.contains("Please register the app"), "\(fresh.subject)")
        for words in [fresh.text, fresh.html] {
            for phrase in ["register an application", "Register a single-tenant application", "New registration"] {
                #expect(words.contains(phrase), "\(phrase)")
            }
            #expect(!words.contains("All applications") && !words.contains("Remove nothing"))
        }
    }
}
