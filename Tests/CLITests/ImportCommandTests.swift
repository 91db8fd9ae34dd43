import Foundation
import Testing

/// `spconnect import` end to end: the built binary, a throwaway store, replies as files.
@Suite(.serialized) struct ImportCommandTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    /// The reply corpus made by scripts/make_reply_corpus.py (in RepliesTests/Fixtures).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RepliesTests/Fixtures")

    struct Manifest: Decodable {
        struct Request: Decodable { let id: String; let certificate: String }
        struct Good: Decodable { let file: String; let request: String?; let tenantID: String?; let clientID: String }
        struct Bad: Decodable { let file: String; let error: String; let message: String }
        let requests: [Request]
        let good: [Good]
        let bad: [Bad]
        let requestTenant: String
    }

    static let manifest: Manifest = {
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: fixtures.appendingPathComponent("manifest.json")))
        } catch {
            fatalError("cannot read \(fixtures.path)/manifest.json: \(error)")
        }
    }()

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

        // No passphrase anywhere, and no terminal to ask on: import needs none.
        let first = CLI.run(["import", reply], environment: ["SPCONNECT_HOME": home.home])
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
        #expect(badName.status == 1 && badName.errorLines.first?.contains("'/'") == true)
        #expect(try state(home) == before)
    }
}
