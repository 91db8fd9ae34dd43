// `connection rename|set|delete` and `log` (issue 16 item 11): each command's success and
// refusal paths, checked in the SQLite file with the sqlite3 tool and in the audit log.
import Foundation
import Testing

@Suite(.serialized) struct ConnectionCommandTests {
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"

    /// A home with two connections; returns their names.
    func seeded() throws -> (StoreHome, [String]) {
        let home = try StoreHome()
        try #require(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--connections", "2", "--key", Fixtures.rsaKey])
        try #require(seed.status == 0, "\(seed)")
        return (home, seed.stdout.split(separator: "\n").map { "seed-" + $0 })
    }

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    @Test func renameKeepsTheKeyAndRefusesATakenName() throws {
        let (home, names) = try seeded()
        defer { home.remove() }
        let renamed = try home.run(["connection", "rename", names[0], "Contoso reports"])
        #expect(renamed.status == 0, "\(renamed)")
        #expect(json(try home.run(["connection", "rename", "Contoso reports", "x-tmp", "--json"]))["name"] as? String == "x-tmp")
        #expect(try home.run(["connection", "rename", "x-tmp", "Contoso reports"]).status == 0)
        #expect(renamed.stdout.contains("Next: spconnect show 'Contoso reports'"), "\(renamed)")
        #expect(try home.run(["show", "Contoso reports", "--json"]).status == 0)
        #expect(try home.run(["show", names[0]]).status == 1)
        // The key is bound to the connection's ID, not its name: it still opens.
        let integrity = try home.run(["_dev", "integrity", "--deep"])
        #expect(integrity.status == 0 && integrity.stdout.contains("sealed keys opened: 2"), "\(integrity)")
        let before = try home.storeDigest()
        let taken = try home.run(["connection", "rename", "Contoso reports", names[1]])
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("already exists"))
        let unknown = try home.run(["connection", "rename", "no-such", "x"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no connection no-such"))
        #expect(try home.storeDigest() == before)
        #expect(try home.sql("SELECT subject || ' ' || detail FROM audit WHERE action = 'connection.renamed' ORDER BY id LIMIT 1") == "Contoso reports from \(names[0])")
    }

    @Test func setCorrectsTheIDsAndTheSites() throws {
        let (home, names) = try seeded()
        defer { home.remove() }
        let oldClient = try home.sql("SELECT clientID FROM connections WHERE name = '\(names[0])'")
        let set = try home.run(["connection", "set", names[0], "--client-id", "{\(Self.client.uppercased())}", "--tenant-id", Self.tenant,
                                "--site", "https://contoso.sharepoint.com/sites/a", "--site", "https://contoso.sharepoint.com/sites/b", "--json"])
        #expect(set.status == 0, "\(set)")
        #expect(json(set)["clientID"] as? String == Self.client)
        #expect(try home.sql("SELECT clientID, tenantID, json_array_length(sites), json_extract(sites, '$[0]'), json_extract(sites, '$[1]') FROM connections WHERE name = '\(names[0])'")
                == "\(Self.client)|\(Self.tenant)|2|https://contoso.sharepoint.com/sites/a|https://contoso.sharepoint.com/sites/b")
        let detail = try home.sql("SELECT detail FROM audit WHERE action = 'connection.changed'")
        #expect(detail.contains("client \(oldClient) → \(Self.client)"), "\(detail)")
        #expect(detail.contains("sites https://contoso.sharepoint.com/sites/s"), "\(detail)")
        // The same values again change nothing; the tenant's own ID as client ID is refused.
        let before = try home.storeDigest()
        let same = try home.run(["connection", "set", names[0], "--client-id", Self.client])
        #expect(same.status == 0 && same.stdout.contains("already has these values; nothing was changed"), "\(same)")
        let swapped = try home.run(["connection", "set", names[0], "--client-id", Self.tenant])
        #expect(swapped.status == 2 && swapped.stderr.contains("Directory (tenant) ID"), "\(swapped)")
        #expect(try home.storeDigest() == before)
    }

    @Test func deleteRemovesTheRowAndEveryCopyOfTheSealedKey() throws {
        let (home, names) = try seeded()
        defer { home.remove() }
        let sealed = try home.sql("SELECT hex(sealedKey) FROM connections WHERE name = '\(names[0])'")
        try #require(sealed.count > 100)
        let file = { () -> String in
            let bytes = ["", "-wal"].flatMap { Array(FileManager.default.contents(atPath: home.database + $0) ?? Data()) }
            return bytes.map { String(format: "%02X", $0) }.joined()
        }
        // A 32-byte stretch of the sealed blob is in the file before…
        let probe = String(sealed.dropFirst(64).prefix(64))
        #expect(file().contains(probe))
        // …no terminal and no --yes: refused, nothing changed.
        let refused = try home.run(["connection", "delete", names[0]])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.hintLines.first?.contains("--yes") == true)
        #expect(try home.sql("SELECT count(*) FROM connections") == "2")
        let deleted = try home.run(["connection", "delete", names[0], "--yes", "--json"])
        #expect(deleted.status == 0, "\(deleted)")
        #expect((json(deleted)["deleted"] as? [String: Any])?["name"] as? String == names[0], "\(deleted)")
        #expect(try home.sql("SELECT count(*) FROM connections WHERE name = '\(names[0])'") == "0")
        #expect(try home.sql("SELECT count(*) FROM connections") == "1")
        #expect(!file().contains(probe), "a copy of the sealed key is still in store.sqlite or its WAL")
        #expect(try home.sql("PRAGMA integrity_check") == "ok")
        #expect(try home.sql("SELECT detail FROM audit WHERE action = 'connection.deleted' AND subject = '\(names[0])'").contains("sealed key removed"))
        #expect(try home.run(["_dev", "integrity", "--deep"]).stdout.contains("sealed keys opened: 1"))
        #expect(try home.run(["connection", "delete", names[0], "--yes"]).status == 1)
    }

    @Test func deleteAsksAtATerminal() throws {
        let (home, names) = try seeded()
        defer { home.remove() }
        let declined = CLI.run(["connection", "delete", names[0]], environment: home.environment(),
                               terminal: [TerminalExchange(prompt: "[y/N]", answer: "n", afterEchoIsOff: false)], onTerminal: true)
        #expect(declined.status == 1, "\(declined)")
        #expect(declined.terminal.contains("Nothing was deleted"), "\(declined)")
        #expect(try home.sql("SELECT count(*) FROM connections") == "2")
        let accepted = CLI.run(["connection", "delete", names[0]], environment: home.environment(),
                               terminal: [TerminalExchange(prompt: "[y/N]", answer: "y", afterEchoIsOff: false)], onTerminal: true)
        #expect(accepted.status == 0, "\(accepted)")
        #expect(try home.sql("SELECT count(*) FROM connections") == "1")
    }

    @Test func logListsEveryChangeOldestFirst() throws {
        let (home, names) = try seeded()
        defer { home.remove() }
        // "renamed-5" also reads as a request ID's spelling (RENA-MED5): the name must still match.
        #expect(try home.run(["connection", "rename", names[0], "renamed-5"]).status == 0)
        #expect(try home.run(["connection", "delete", names[1], "--yes"]).status == 0)
        let text = try home.run(["log"])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.hasPrefix("AT "), "\(text)")
        let document = json(try home.run(["log", "--json"]))
        let entries = document["entries"] as? [[String: Any]] ?? []
        let actions = entries.compactMap { $0["action"] as? String }
        #expect(actions.first == "init")
        #expect(Array(actions.suffix(2)) == ["connection.renamed", "connection.deleted"], "\(actions)")
        #expect(actions.filter { $0 == "connection.created" }.count == 2)
        for entry in entries {
            let at = entry["at"] as? String ?? ""
            #expect(ISO8601DateFormatter().date(from: at) != nil, "not plain ISO 8601: \(at)")
        }
        #expect(Int(try home.sql("SELECT count(*) FROM audit")) == entries.count)
        let about = json(try home.run(["log", "--subject", "renamed-5", "--json"]))["entries"] as? [[String: Any]] ?? []
        #expect(about.count == 1)
        let id = String(names[1].dropFirst("seed-".count))
        let request = json(try home.run(["log", "--subject", id.lowercased(), "--json"]))["entries"] as? [[String: Any]] ?? []
        #expect(request.compactMap { $0["action"] as? String } == ["request.created"], "\(request)")
    }

    /// The help of the new commands: examples that fit 80 columns (none is wrapped mid-command when pasted).
    @Test(arguments: [["connection"], ["connection", "set"], ["connection", "rename"], ["connection", "delete"], ["log"], ["send"], ["export"]])
    func helpExamplesFitEightyColumns(_ command: [String]) {
        let help = CLI.run(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(help.status == 0, "\(help)")
        let examples = help.stdout.components(separatedBy: "Examples:\n").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
        let lines = examples.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("  ") }, "an example starts at column 0 (wrapped):\n\(help.stdout)")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(help.stdout)")
        #expect(lines.contains { $0.hasPrefix("  spconnect \(command[0])") }, "\(help.stdout)")
    }
}
