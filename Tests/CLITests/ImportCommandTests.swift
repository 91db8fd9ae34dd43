import Foundation
import Testing
import TestSupport

/// `spconnect import` end to end: the built binary, a throwaway store, replies as files.
@Suite(.serialized) struct ImportCommandTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    /// The reply corpus made by scripts/make_reply_corpus.py (in RepliesTests/Fixtures).
    static let fixtures = ReplyCorpus.folder
    static let manifest = ReplyCorpus.manifest

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// Everything that would show a change: the file's digest and its full SQL dump.
    func state(_ home: StoreHome) throws -> [String] {
        [try home.storeDigest(), try home.sql(".dump")]
    }

    /// A store holding every request of the corpus (made with its certificates).
    func corpusStore() throws -> StoreHome {
        let home = try StoreHome()
        #expect(try home.run(["init"]).status == 0)
        let key = try home.makeKey()
        for certificate in ["request.cer", "expired.cer"] {
            let ids = Self.manifest.requests.filter { $0.certificate == certificate }.flatMap { ["--id", $0.id] }
            let seeded = try home.run(["_dev", "seed", "--key", key, "--certificate", Self.fixtures.appendingPathComponent(certificate).path] + ids)
            #expect(seeded.status == 0, "\(seeded)")
        }
        return home
    }

    @Test func aSeededRequestImportedTwiceMakesOneConnection() throws {
        let home = try StoreHome()
        defer { home.remove() }
        #expect(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--requests", "1", "--key", try home.makeKey()])
        let id = seed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(seed.status == 0 && id.hasPrefix("SPC-"), "\(seed)")
        let thumbprint = json(try home.run(["show", id, "--json"]))["thumbprint"] as? String ?? ""
        #expect(thumbprint.count == 40)
        // Quoted, lower case, in pairs: as a mail client might leave it.
        let pairs = stride(from: 0, to: 40, by: 2).map { String(Array(thumbprint.lowercased())[$0..<$0 + 2]) }.joined(separator: " ")
        let reply = home.root.appendingPathComponent("reply.txt").path
        try """
        Hi Dana, done.

        > ----- BEGIN SPCONNECT REPLY -----
        > Request: \(id)
        > Directory (tenant) ID: \(Self.tenant.uppercased())
        > Application (client) ID: {\(Self.client)}
        > Certificate thumbprint: \(pairs)
        > ----- END SPCONNECT REPLY -----
        """.write(toFile: reply, atomically: true, encoding: .utf8)

        // No passphrase anywhere, and no terminal to ask on: import needs none (only the
        // config folder, where the record MAC key is kept beside the pin).
        let first = CLI.run(["import", reply], environment: ["SPCONNECT_HOME": home.home, "XDG_CONFIG_HOME": home.root.appendingPathComponent("config").path])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("Imported the reply to request \(id): connection contoso-seed-0 created."))
        #expect(first.stdout.contains("Application (client) ID:  \(Self.client)"))
        #expect(first.stdout.contains("Next: spconnect verify contoso-seed-0"))
        #expect(try home.sql("SELECT status FROM requests WHERE id = '\(id)'") == "fulfilled")
        #expect(try home.sql("SELECT name, tenantID, clientID, thumbprintSHA1 FROM connections")
                == "contoso-seed-0|\(Self.tenant)|\(Self.client)|\(thumbprint)")
        #expect(try home.sql("SELECT count(*) FROM audit WHERE action = 'connection.created'") == "1")

        let before = try state(home)
        let second = try home.run(["import", reply, "--json"])
        #expect(second.status == 0, "\(second)")
        let document = json(second)
        #expect(document["created"] as? Bool == false)
        #expect((document["connection"] as? [String: Any])?["name"] as? String == "contoso-seed-0")
        #expect(document["next"] as? String == "spconnect verify contoso-seed-0")
        #expect(try state(home) == before)
        #expect(try home.sql("SELECT count(*) FROM connections") == "1")
    }

    @Test func theJSONDocument() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let good = Self.manifest.good[0]
        let result = try home.run(["import", Self.fixtures.appendingPathComponent(good.file).path, "--name", "ci-bot", "--json"])
        #expect(result.status == 0, "\(result)")
        let document = json(result)
        #expect(Set(document.keys) == ["created", "request", "connection", "sources", "warnings", "next"])
        #expect(document["created"] as? Bool == true)
        #expect(document["request"] as? String == good.request)
        let connection = document["connection"] as? [String: Any] ?? [:]
        #expect(connection["name"] as? String == "ci-bot" && connection["clientID"] as? String == good.clientID)
        #expect((document["sources"] as? [String: String])?["clientID"]?.hasPrefix("the reply (line") == true)
        #expect(result.stderr.isEmpty)
    }

    @Test func everyGoodReplyOfTheCorpusIsImported() throws {
        let home = try corpusStore()
        defer { home.remove() }
        for good in Self.manifest.good {
            let result = try home.run(["import", Self.fixtures.appendingPathComponent(good.file).path, "--json"])
            #expect(result.status == 0, "\(good.file): \(result)")
            let connection = json(result)["connection"] as? [String: Any] ?? [:]
            #expect(connection["clientID"] as? String == good.clientID, "\(good.file)")
            #expect(connection["tenantID"] as? String == good.tenantID ?? Self.manifest.requestTenant, "\(good.file)")
            #expect(connection["requestID"] as? String == good.request, "\(good.file)")
        }
        #expect(try home.sql("SELECT count(*) FROM connections") == "\(Self.manifest.good.count)")
    }

    @Test func everyBadReplyIsRefusedWithAHintAndTheStoreIsUnchanged() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let before = try state(home)
        var refused = 0
        for bad in Self.manifest.bad {
            let result = try home.run(["import", Self.fixtures.appendingPathComponent(bad.file).path])
            #expect(result.status == 1, "\(bad.file): \(result)")
            #expect(result.errorLines.count == 1 && result.errorLines[0].contains(bad.message), "\(bad.file) (\(bad.error)): \(result.stderr)")
            #expect(result.hintLines.count == 1, "\(bad.file)")
            #expect(result.stdout.isEmpty)
            #expect(try state(home) == before, "\(bad.file) changed the store")
            refused += 1
        }
        // The 20 MB message, made here rather than committed.
        let big = home.root.appendingPathComponent("big.eml").path
        var bytes = Array("From: admin@contoso.com\r\nSubject: Re: request\r\nContent-Type: text/plain\r\n\r\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 20_000_000 - bytes.count)
        _ = FileManager.default.createFile(atPath: big, contents: Data(bytes))
        let large = try home.run(["import", big])
        #expect(large.status == 1)
        #expect(large.errorLines.first?.contains("at most 16 MiB") == true, "\(large.stderr)")
        #expect(large.hintLines.count == 1)
        #expect(try state(home) == before)
        refused += 1
        #expect(refused >= 15)
    }

    @Test func aReplyOnStandardInputAndValuesAsFlags() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let first = Self.manifest.requests[0].id
        let piped = CLI.run(["import", "-", "--request", first], environment: home.environment(),
                            stdin: "Application (client) ID: \(Self.client)\nDirectory (tenant) ID: \(Self.tenant)\n")
        #expect(piped.status == 0, "\(piped)")
        #expect(try home.sql("SELECT clientID FROM connections WHERE requestID = '\(first)'") == Self.client)

        let second = Self.manifest.requests[1].id
        let flags = try home.run(["import", "--request", second, "--tenant-id", "contoso.onmicrosoft.com", "--client-id", Self.client.uppercased(),
                                  "--name", "from-flags"])
        #expect(flags.status == 0, "\(flags)")
        #expect(try home.sql("SELECT tenantID, tenantDomain, clientID FROM connections WHERE name = 'from-flags'")
                == "contoso.onmicrosoft.com|contoso.onmicrosoft.com|\(Self.client)")
    }

    @Test func usageAndRefusals() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let nothing = try home.run(["import"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("--client-id"))
        let before = try state(home)
        let noRequest = try home.run(["import", "--client-id", Self.client])
        #expect(noRequest.status == 1)
        #expect(noRequest.errorLines.first?.contains("no request given") == true)
        #expect(noRequest.hintLines.first?.contains("--request") == true)
        let missing = try home.run(["import", home.root.appendingPathComponent("nope.eml").path])
        #expect(missing.status == 1 && missing.errorLines.first?.contains("no such file") == true)
        let badName = try home.run(["import", "--request", Self.manifest.requests[0].id, "--client-id", Self.client, "--name", "a/b"])
        #expect(badName.status == 2 && badName.errorLines.first?.contains("'/'") == true, "\(badName)")
        // A flag's value is checked on its own first: a usage error (exit 2) that changes nothing.
        for flags in [["--client-id", "not-a-guid"], ["--client-id", Self.client, "--tenant-id", "contoso..example"],
                      ["--client-id", Self.client, "--thumbprint", "12ab"],
                      ["--client-id", Self.client, "--object-id", "00000000-0000-0000-0000-000000000000"]] {
            let bad = try home.run(["import", "--request", Self.manifest.requests[0].id] + flags)
            #expect(bad.status == 2 && !bad.errorLines.isEmpty, "\(flags): \(bad)")
        }
        #expect(try state(home) == before)
    }

    func fixture(_ prefix: String) -> String {
        let file = Self.manifest.good.first { $0.file.hasPrefix("good/" + prefix) }?.file ?? "missing \(prefix)"
        return Self.fixtures.appendingPathComponent(file).path
    }

    /// Issue 16, item 7: the same reply imported by several processes at once all exit 0 and
    /// make one connection (the processes that lose the race find it made with their values).
    @Test func parallelImportsOfOneReplyAllSucceed() throws {
        let home = try corpusStore()
        defer { home.remove() }
        for (round, good) in Self.manifest.good.prefix(3).enumerated() {
            let reply = Self.fixtures.appendingPathComponent(good.file).path
            let processes = try (0..<6).map { _ in try home.start(["import", reply]) }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == [Int32](repeating: 0, count: 6), "\(good.file)")
            #expect(try home.sql("SELECT count(*) FROM connections") == "\(round + 1)")
            #expect(try home.sql("SELECT count(*) FROM connections WHERE requestID = '\(good.request ?? "")'") == "1")
            #expect(try home.sql("SELECT count(*) FROM audit WHERE action = 'connection.created'") == "\(round + 1)")
        }
    }

    /// The first runs after an upgrade, at once: they race to add the Object ID column, and
    /// the ones that lose find it added (no "duplicate column name"), then import as above.
    @Test func parallelImportsIntoAStoreFromBeforeTheObjectID() throws {
        let home = try corpusStore()
        defer { home.remove() }
        for (round, good) in Self.manifest.good.dropFirst(3).prefix(3).enumerated() {
            _ = try home.sql("ALTER TABLE connections DROP COLUMN objectID; DELETE FROM grdb_migrations WHERE identifier = 'issue10-object-id';")
            #expect(try home.sql("SELECT count(*) FROM pragma_table_info('connections') WHERE name = 'objectID'") == "0")
            let reply = Self.fixtures.appendingPathComponent(good.file).path
            let processes = try (0..<6).map { _ in try home.start(["import", reply]) }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == [Int32](repeating: 0, count: 6), "\(good.file)")
            #expect(try home.sql("SELECT count(*) FROM pragma_table_info('connections') WHERE name = 'objectID'") == "1")
            #expect(try home.sql("SELECT count(*) FROM connections") == "\(round + 1)")
        }
    }

    @Test func theObjectIDIsShownAndInTheJSON() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let objectID = "0b5f3a1c-7d2e-4c8b-9a6f-1e2d3c4b5a69"
        let flags = try home.run(["import", "--request", Self.manifest.requests[0].id, "--client-id", Self.client, "--object-id", objectID.uppercased(),
                                  "--name", "payments"])
        #expect(flags.status == 0, "\(flags)")
        #expect(flags.stdout.contains("Object ID:                \(objectID)"))
        let shown = try home.run(["show", "payments"])
        #expect(shown.status == 0 && shown.stdout.contains("Object ID:                \(objectID)"), "\(shown)")
        #expect(json(try home.run(["show", "payments", "--json"]))["objectID"] as? String == objectID)
        let listed = json(try home.run(["connections", "--json"]))["connections"] as? [[String: Any]] ?? []
        #expect(listed.first?["objectID"] as? String == objectID)
        #expect(try home.sql("SELECT objectID FROM connections WHERE name = 'payments'") == objectID)

        // From the reply's fourth line; an older reply without it shows that it is missing.
        let fromReply = try home.run(["import", fixture("31"), "--json"])
        #expect(fromReply.status == 0, "\(fromReply)")
        let connection = json(fromReply)["connection"] as? [String: Any] ?? [:]
        let expected = Self.manifest.good.first { $0.file.hasPrefix("good/31") }?.objectID
        #expect(expected != nil && connection["objectID"] as? String == expected)
        let older = try home.run(["import", fixture("14"), "--json"])
        #expect(older.status == 0)
        let olderConnection = json(older)["connection"] as? [String: Any] ?? [:]
        #expect(olderConnection["clientID"] != nil && olderConnection["objectID"] == nil)
        #expect(try home.run(["show", olderConnection["name"] as? String ?? "", "--json"]).stdout.contains("objectID") == false)
    }

    @Test func aStrangersReplyIsWarnedAboutOrRefusedUnderStrict() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let before = try state(home)
        let strict = try home.run(["import", fixture("37"), "--strict"])
        #expect(strict.status == 1, "\(strict)")
        #expect(strict.errorLines.count == 1 && strict.errorLines[0].contains("<mallory@fabrikam.example>"), "\(strict.stderr)")
        #expect(strict.hintLines.count == 1)
        #expect(try state(home) == before)
        let warned = try home.run(["import", fixture("37")])
        #expect(warned.status == 0, "\(warned)")
        #expect(warned.warningLines.contains { $0.contains("<mallory@fabrikam.example>, who is not one of request") }, "\(warned.stderr)")
    }

    @Test func anOutlookMessageIsImported() throws {
        let home = try StoreHome()
        defer { home.remove() }
        #expect(try home.run(["init"]).status == 0)
        let seeded = try home.run(["_dev", "seed", "--key", try home.makeKey(), "--certificate", Self.fixtures.appendingPathComponent("request.cer").path,
                                   "--id", "SPC-M5G1-7K3D"])
        #expect(seeded.status == 0, "\(seeded)")
        let result = try home.run(["import", Self.fixtures.appendingPathComponent("msg/m1-outlook-plain-and-html.msg").path, "--strict", "--json"])
        #expect(result.status == 0, "\(result)")
        let connection = json(result)["connection"] as? [String: Any] ?? [:]
        #expect(connection["clientID"] as? String == "0c2b4e6f-8a1d-4c3e-9f5a-7b6d8e9f0a1b")
        #expect(connection["objectID"] as? String == "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
    }

    @Test func aClientSecretIsWarnedAboutAndShownNowhere() throws {
        let home = try corpusStore()
        defer { home.remove() }
        let path = fixture("39")
        let secrets = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: { $0 == " " || $0 == "\n" })
            .map(String.init).filter { $0.contains("Q~") }
        #expect(secrets.count == 2)
        let result = try home.run(["import", path])
        #expect(result.status == 0, "\(result)")
        #expect(result.warningLines.contains { $0.contains("client secret") && $0.contains("delete that secret in the portal") }, "\(result.stderr)")
        let json = try home.run(["import", path, "--json"])
        let log = try home.sql("SELECT * FROM audit")
        let stored = try home.files().map(\.1)
        for secret in secrets {
            for text in [result.stdout, result.stderr, json.stdout, json.stderr, log] { #expect(!text.contains(secret)) }
            for data in stored { #expect(data.range(of: Data(secret.utf8)) == nil) }
        }
    }
}

