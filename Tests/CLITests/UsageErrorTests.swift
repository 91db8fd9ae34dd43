// Every usage error exits 2 (issue 16 item 9): values refused by the argument parser and
// values refused by spconnect's own checks alike; under --json the error is a JSON document.
import Foundation
import Testing

@Suite(.serialized) struct UsageErrorTests {
    static let request = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                          "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "dana@contoso.com"]

    /// Command lines that are wrong as typed, across commands. None may change anything.
    static let sweep: [[String]] = [
        request + ["--key-size", "1024"],
        request + ["--days", "0"],
        request + ["--days", "400000"],
        request + ["--permission", "sites-everything"],
        request + ["--site-role", "owner"],
        request + ["--api", "exchange"],
        request + ["--cloud", "mars"],
        request + ["--admin", "not an address"],
        request + ["--cc", "also not an address"],
        request + ["--app-name", String(repeating: "x", count: 49)],
        request + ["--transport", "pigeon"],
        request + ["--smtp-port", "70000"],
        request + ["--frobnicate"],
        ["request", "--tenant", "contoso..com", "--admin", "it@contoso.com", "--site", "https://contoso.sharepoint.com/sites/r", "--from", "d@contoso.com"],
        ["request", "--tenant", "not a tenant", "--admin", "it@contoso.com", "--site", "https://contoso.sharepoint.com/sites/r", "--from", "d@contoso.com"],
        ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--from", "d@contoso.com"],
        ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", "https://fabrikam.example.com/x", "--from", "d@contoso.com"],
        ["cert", "new", "--name", "a", "--key-size", "1024"],
        ["cert", "new", "--name", "a", "--days", "0"],
        ["cert", "new", "--name", "a/b"],
        ["verify", "x", "--site", "ftp://contoso.sharepoint.com/sites/x"],
        ["verify", "x", "--assertion", "hs256"],
        ["verify", "x", "--authority-host", "bad host/x"],
        ["export", "x", "--format", "docx", "--out", "x.docx"],
        ["export", "x", "--format", "json", "--out", "x.json", "--key-to-stdout"],
        ["instructions", "SPC-AAAA-BBBB", "--format", "pdf"],
        ["connections", "--expiring", "-1"],
        ["connection", "set", "x"],
        ["connection", "rename", "x", "SPC-AAAA-BBBB"],
        ["connection", "frobnicate"],
        ["send", "SPC-AAAA-BBBB", "--cc", "a@contoso.com", "--no-cc"],
        ["send", "SPC-AAAA-BBBB", "--admin", "nobody"],
        ["log", "--limit", "3"],
        ["frobnicate"],
    ]

    @Test(arguments: sweep)
    func exitsTwoAndChangesNothing(_ arguments: [String]) throws {
        let home = try StoreHome()
        defer { home.remove() }
        let result = CLI.run(arguments, environment: home.environment(["SPCONNECT_CERT_PASSWORD": "pw"]), cwd: home.root.path)
        #expect(result.status == 2, "\(arguments): \(result)")
        #expect(!result.stderr.isEmpty && result.stdout.isEmpty, "\(arguments): \(result)")
        #expect(!FileManager.default.fileExists(atPath: home.home), "\(arguments) made the home folder")
        #expect(FileManager.default.fileExists(atPath: home.root.path) && (try? FileManager.default.contentsOfDirectory(atPath: home.root.path))?.isEmpty == true,
                "\(arguments) left files")
    }

    /// Refusals that need a store to be reached (the value is checked against a record).
    @Test func valuesCheckedAgainstTheStoreAreUsageErrorsToo() throws {
        let home = try StoreHome()
        defer { home.remove() }
        #expect(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--connections", "1", "--key", Fixtures.rsaKey])
        let name = "seed-" + seed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = try home.storeDigest()
        for arguments in [["connection", "set", name, "--client-id", "not-a-guid"],
                          ["connection", "set", name, "--client-id", "00000003-0000-0ff1-ce00-000000000000"],
                          ["connection", "set", name, "--tenant-id", "no such thing"],
                          ["connection", "set", name, "--site", "https://fabrikam.example.com/sites/x"],
                          ["connection", "delete", name],
                          ["export", name, "--format", "pem", "--out", "-"]] {
            let result = try home.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.hintLines.count == 1, "\(arguments): \(result)")
        }
        #expect(try home.storeDigest() == before)
    }

    @Test func underJSONAnErrorIsOneDocumentOnStandardOutput() throws {
        let home = try StoreHome()
        defer { home.remove() }
        func document(_ result: RunResult) throws -> ErrorDocument.Body {
            let decoded = try JSONDecoder().decode(ErrorDocument.self, from: Data(result.stdout.utf8))
            return decoded.error
        }
        // A value spconnect refuses: exit 2, its own code, and the same words on standard error.
        let keySize = try home.run(Self.request + ["--key-size", "1024", "--json"])
        #expect(keySize.status == 2)
        let refused = try document(keySize)
        #expect(refused.code == "invalidKeySize")
        #expect(refused.message.contains("1024") && refused.hint?.contains("--key-size 2048") == true)
        #expect(keySize.errorLines == ["spconnect: error: \(refused.message)"])
        // What the argument parser refuses.
        let parser = try home.run(["connections", "--json", "--expiring", "soon"])
        #expect(parser.status == 2)
        #expect(try document(parser).code == "usage")
        // A failure that is not a usage error: exit 1.
        let missing = try home.run(["show", "nothing-here", "--json"])
        #expect(missing.status == 1)
        let error = try document(missing)
        #expect(error.code == "storeMissing" && error.hint?.contains("spconnect init") == true, "\(missing)")
        // Without --json, standard output stays empty.
        #expect(try home.run(["show", "nothing-here"]).stdout.isEmpty)
    }
}

/// `{"error": {"code", "message", "hint"}}`, decoded with the field names the README promises.
struct ErrorDocument: Decodable {
    struct Body: Decodable {
        let code: String
        let message: String
        let hint: String?
    }
    let error: Body
}
