import Foundation
import Testing
import TestSupport

/// Everyday use without a surprise: day counts, page addresses reduced to their site,
/// SMTP hints, attachment names, help text, and the small commands people expect.
@Suite(.serialized) struct EverydayTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    func request(_ home: StoreHome, _ extra: [String], site: String = "https://contoso.sharepoint.com/sites/reports") throws -> RunResult {
        try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", site,
                      "--from", "Dana <dana@contoso.com>", "--key", try home.makeKey(), "--json"] + extra)
    }

    // MARK: - 16.14 day counts

    @Test("--days 1 shows 1 day left right after the connection is made", arguments: [1, 30])
    func daysLeftRightAfterCreation(days: Int) throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try request(home, ["--days", "\(days)"])
        try #require(made.status == 0, "\(made)")
        let id = try #require(json(made)["id"] as? String)
        let imported = try home.run(["import", "--request", id, "--tenant-id", Self.tenant, "--client-id", Self.client, "--name", "short"])
        try #require(imported.status == 0, "\(imported)")
        let shown = try home.run(["show", "short"])
        let phrase = days == 1 ? "(1 day left)" : "(\(days) days left)"
        #expect(shown.stdout.contains(phrase), "\(shown)")
        let listed = try home.run(["connections", "--json"])
        let connections = (try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) as? [[String: Any]]
            ?? (json(listed)["connections"] as? [[String: Any]]) ?? []
        #expect(connections.first?["daysLeft"] as? Int == days, "\(listed)")
        // "ends within N days" and "N days left" agree at the boundary.
        #expect(try home.run(["connections", "--expiring", "\(days)"]).stdout.contains("short"))
        #expect(!(try home.run(["connections", "--expiring", "\(days - 1)"]).stdout.contains("short")))
    }
}

extension EverydayTests {
    // MARK: - 16.16 attachment names keep their letters

    @Test func attachmentNamesKeepNonASCIILettersForEveryReader() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try request(home, ["--app-name", "Ökonomie Berichte ß"])
        try #require(made.status == 0, "\(made)")
        let id = try #require(json(made)["id"] as? String)
        let draft = home.home + "/outbox/\(id).eml"
        let mail = try ParsedMail(path: draft)
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        let certificate = try #require(mail.attachments.first { ($0["content_type"] as? String) == "application/x-pem-file" })
        let expected = "Ökonomie-Berichte-ß-\(id).pem"
        #expect(certificate["filename"] as? String == expected)             // RFC 2231, policy.default
        #expect(certificate["filename_compat32"] as? String == expected)    // RFC 2231, the legacy API
        #expect(certificate["content_type_name"] as? String == expected)    // the RFC 2047 fallback in Content-Type
        let raw = String(decoding: FileManager.default.contents(atPath: draft) ?? Data(), as: UTF8.self)
        #expect(raw.contains("filename*") && raw.contains("%C3%96konomie-Berichte-%C3%9F"), "\(raw.prefix(3000))")
        #expect(raw.contains("name=\"=?utf-8?b?"))
    }
}

extension EverydayTests {
    // MARK: - 16.10 SMTP hints that name the real cause

    /// A home whose config.toml names `server` (and a login, when `username` is given).
    func smtpHome(_ server: ScriptServer, timeout: Int = 20, username: String? = nil) throws -> StoreHome {
        let home = try StoreHome()
        try FileManager.default.createDirectory(atPath: home.home, withIntermediateDirectories: true)
        try """
            [smtp]
            host = "localhost"
            port = \(server.port)
            ca_file = "\(server.caFile)"
            from = "Dana <dana@contoso.com>"
            timeout_seconds = \(timeout)
            \(username.map { "username = \"\($0)\"" } ?? "")
            """.write(toFile: home.home + "/config.toml", atomically: true, encoding: .utf8)
        return home
    }

    @Test func a530AuthenticationRequiredAsksForALoginNotAnotherFromAddress() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "reply", "--stage", "mail", "--reply", "530 5.7.0 Authentication required"],
                                      label: "auth530")
        defer { server.stop() }
        let home = try smtpHome(server)
        defer { home.remove() }
        let result = try request(home, [])
        #expect(result.status == 1, "\(result)")
        let hints = result.hintLines.joined(separator: "\n")
        #expect(hints.contains("set [smtp] username and a password"), "\(result)")
        #expect(!hints.lowercased().contains("from address"), "\(result)")
        #expect(result.errorLines.first?.contains("530 5.7.0 Authentication required") == true, "\(result)")
    }

    @Test func anImplicitTLSPortIsNamedAsSuchAndNotRetriedLater() throws {
        let server = try ScriptServer("hostile_smtp.py", ["--scenario", "implicit-tls"], label: "smtps")
        defer { server.stop() }
        // Without the probe, the session waits out the greeting and says "try again later".
        let home = try smtpHome(server, timeout: 6)
        defer { home.remove() }
        let result = try request(home, [])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("implicit TLS") == true, "\(result)")
        let hints = result.hintLines.joined(separator: "\n")
        #expect(hints.contains("587"), "\(result)")
        #expect(!hints.contains("try again"), "\(result)")
        let events = server.waitForEvents(2)
        #expect(events.first?["client_hello"] as? Bool == false, "the session never talks before a greeting: \(events)")
        #expect(events.last?["client_hello"] as? Bool == true, "\(events)")
    }
}

extension EverydayTests {
    // MARK: - 16.8 a page address is reduced to its site, and the user is told

    @Test(arguments: [
        ("https://contoso.sharepoint.com/sites/reports/Shared%20Documents/Forms/AllItems.aspx", "https://contoso.sharepoint.com/sites/reports"),
        ("https://contoso.sharepoint.com/sites/reports/Lists/Tasks/AllItems.aspx", "https://contoso.sharepoint.com/sites/reports"),
        ("https://contoso.sharepoint.com/sites/a/b/SitePages/Home.aspx?web=1#top", "https://contoso.sharepoint.com/sites/a/b"),
        ("https://contoso.sharepoint.com/teams/finance/_layouts/15/viewlsts.aspx", "https://contoso.sharepoint.com/teams/finance"),
        ("https://contoso.sharepoint.com/SitePages/Home.aspx", "https://contoso.sharepoint.com"),
        // SiteURL refuses the space; the request's own reading (SharePointSite) keeps it.
        ("https://contoso.sharepoint.com/sites/Team Site/SitePages/Home.aspx", "https://contoso.sharepoint.com/sites/Team Site"),
    ])
    func requestReducesAPageAddressToItsSite(given: String, site: String) throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try request(home, [], site: given)
        try #require(made.status == 0, "\(made)")
        #expect(made.stderr.contains("spconnect: note: --site \(given) is an address inside a site; using the site \(site)"), "\(made)")
        let id = try #require(json(made)["id"] as? String)
        let shown = json(try home.run(["show", id, "--json"]))
        #expect(shown["sites"] as? [String] == [site], "\(shown)")
        let script = try home.run(["instructions", id, "--format", "azcli"]).stdout
        #expect(script.contains(site) && !script.contains("AllItems.aspx") && !script.contains("SitePages"))
    }

    @Test func requestRefusesASharingLinkWithAHint() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let result = try request(home, [], site: "https://contoso.sharepoint.com/:f:/s/reports/EoAbCdEf123")
        #expect(result.status == 2, "a usage error, as under verify: \(result)")
        #expect(result.errorLines.first?.contains("sharing link") == true, "\(result)")
        let listed = FileManager.default.fileExists(atPath: home.database) ? try home.run(["requests", "--json"]).stdout : ""
        #expect(!listed.contains("SPC-"), "no request was made: \(listed)")
    }

    @Test func verifyReducesAPageAddressAndCallsTheSite() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--title", "reports=Contoso Reports"])
        let page = stub.site("reports") + "/Shared%20Documents/Forms/AllItems.aspx?viewid=7"
        let result = try connection.verify(stub, sites: [page])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("spconnect: note: --site \(page) is an address inside a site; using the site \(stub.site("reports"))"), "\(result)")
        #expect(result.stdout.contains("ok    site   \(stub.site("reports")): \"Contoso Reports\"\n"), "\(result)")
    }
}

extension EverydayTests {
    // MARK: - 16.17 templates list|show, did you mean, the SMTP password prompt

    /// The names a template uses, read here with a regular expression of our own.
    func namesUsed(_ text: String) -> Set<String> {
        Set(text.matches(of: /\{\{\{?\s*[#^&]?\s*([A-Za-z][A-Za-z0-9]*)\s*\}?\}\}/).map { String($0.output.1) })
    }

    @Test func templatesListNamesEveryVariableEachTemplateUsesAndTheReadmeDescribesThem() throws {
        let folder = URL(fileURLWithPath: packageRoot).appendingPathComponent("templates")
        let listed = CLI.run(["templates", "list", "--json"])
        try #require(listed.status == 0, "\(listed)")
        let entries = try #require(json(listed)["templates"] as? [[String: Any]], "\(listed)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(entries.count == files.count && files.count == 6)
        for file in files {
            let name = String(file.dropLast(".mustache".count))
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let entry = try #require(entries.first { $0["name"] as? String == name }, "\(name) is not listed")
            #expect(entry["origin"] as? String == "shipped with spconnect")
            #expect(Set(entry["variables"] as? [String] ?? []) == namesUsed(text), "\(name)")
            // show prints the text as shipped; --variables describes each name from templates/README.md.
            #expect(CLI.run(["templates", "show", name]).stdout == text + (text.hasSuffix("\n") ? "" : "\n"), "\(name)")
            let described = CLI.run(["templates", "show", name, "--variables"])
            #expect(described.status == 0 && !described.stdout.contains("not described"), "\(name): \(described)")
            #expect(Set(described.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }) == namesUsed(text))
        }
        let unknown = CLI.run(["templates", "show", "email"])
        #expect(unknown.status == 2 && unknown.stderr.contains("there is no template named email"), "\(unknown)")
    }

    @Test func templatesListShowsAnOverrideAndItsOwnVariables() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let mine = home.root.appendingPathComponent("mine").path
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try "Register {{appName}} ({{requestID}}) for {{tenant}}".write(toFile: mine + "/subject.mustache", atomically: true, encoding: .utf8)
        let listed = try home.run(["templates", "list", "--templates", mine])
        #expect(listed.stdout.contains("subject (\(mine)/subject.mustache)\n  variables: appName, requestID, tenant\n"), "\(listed)")
        #expect(listed.stdout.contains("text (shipped with spconnect)"), "\(listed)")
    }

    @Test(arguments: [
        (["reqest"], "spconnect has no command 'reqest'", "did you mean 'spconnect request'?"),
        (["conections", "--json"], "spconnect has no command 'conections'", "did you mean 'spconnect connections'?"),
        (["--home", "/tmp/x", "verfy", "a"], "spconnect has no command 'verfy'", "did you mean 'spconnect verify'?"),
        (["cert", "nwe", "--name", "x"], "spconnect cert has no command 'nwe'", "did you mean 'spconnect cert new'?"),
        (["templates", "sho", "text"], "spconnect templates has no command 'sho'", "did you mean 'spconnect templates show'?"),
    ])
    func aMistypedCommandSaysWhichWasMeant(arguments: [String], error: String, hint: String) {
        let result = CLI.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.errorLines == ["spconnect: error: \(error)"], "\(result)")
        #expect(result.hintLines.first?.hasPrefix("spconnect: hint: \(hint)") == true, "\(result)")
    }

    @Test func aMistypedCommandUnderJSONIsTheJSONErrorDocument() throws {
        let result = CLI.run(["reqest", "--json"])
        #expect(result.status == 2, "\(result)")
        let error = try #require(json(result)["error"] as? [String: Any], "\(result)")
        #expect(error["code"] as? String == "unknownCommand", "\(result)")
        #expect(error["message"] as? String == "spconnect has no command 'reqest'", "\(result)")
        #expect((error["hint"] as? String)?.hasPrefix("did you mean 'spconnect request'?") == true, "\(result)")
        #expect(result.errorLines == ["spconnect: error: spconnect has no command 'reqest'"], "\(result)")
    }

    @Test func anUnknownWordWithNothingCloseListsTheCommands() {
        let result = CLI.run(["contoso"])
        #expect(result.status == 2, "\(result)")
        #expect(result.hintLines == ["spconnect: hint: 'spconnect --help' lists them"], "\(result)")
        #expect(CLI.run(["help", "request"]).status == 0)
    }

    @Test func theSMTPPasswordIsAskedAtATerminalWhenNoneIsConfigured() throws {
        let server = try ScriptServer("smtp_server.py", ["--user", "dana"], environment: ["SMTP_TEST_PASSWORD": "typed smtp secret"], label: "prompt")
        defer { server.stop() }
        let home = try smtpHome(server, username: "dana")
        defer { home.remove() }
        let arguments = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                         "--site", "https://contoso.sharepoint.com/sites/reports", "--key", try home.makeKey()]
        let result = CLI.run(arguments, environment: home.environment(),
                             terminal: [TerminalExchange(prompt: "SMTP password for dana at localhost: ", answer: "typed smtp secret")])
        #expect(result.status == 0, "\(result)")
        #expect(result.terminal.contains("SMTP password for dana at localhost: "), "\(result)")
        #expect(!result.terminal.contains("typed smtp secret") && !result.stdout.contains("typed smtp secret"), "not echoed: \(result)")
        #expect(server.receivedMessages().first?.envelope["auth_user"] as? String == "dana")

        // Without a terminal, the error says where a password can come from.
        let again = try home.run(arguments)
        #expect(again.status == 1, "\(again)")
        #expect(again.errorLines.first?.contains("no password") == true, "\(again)")
    }
}
