import Foundation
import Hints
import Synchronization
import Testing
import Replies
import Vault
import Workflow
import Domain
import TestSupport

/// Issue-driven import rules against real stores: the sender and `--strict`, a client secret
/// never kept, `.msg` replies, the Object ID, connection names that are not request IDs, and
/// a store made before the Object ID existed.
@Suite struct ImportTrustTests {
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"
    static let objectID = "0b5f3a1c-7d2e-4c8b-9a6f-1e2d3c4b5a69"

    func good(_ prefix: String) -> ImportCorpus.Good { ImportCorpus.manifest.good.first { $0.file.hasPrefix("good/" + prefix) }! }

    func code(_ body: () throws -> Void) -> String? { errorCode(body) }

    @Test func aStrangersReplyWarnsAndStrictRefusesIt() throws {
        let home = try TestStore()
        try home.seedCorpus()
        let stranger = good("37")
        let bytes = ImportCorpus.bytes(stranger.file)
        let before = try home.snapshot()
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: bytes, strict: true), store: home.store) } == "unknownSender")
        #expect(try home.snapshot() == before)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: bytes), store: home.store)
        let warning = try #require(outcome.warnings.first { $0.contains("who is not one of request") })
        #expect(warning.contains("<mallory@fabrikam.example>") && warning.contains("admin@contoso.com"))
        // The display name that pretends to be the admin is not taken for the address.
        #expect(!warning.contains("(admin@contoso.com)\""))
    }

    @Test func strictTakesTheAdminsEmailButNoPastedText() throws {
        let home = try TestStore()
        try home.seedCorpus()
        let email = good("14")
        #expect(try ReplyImporter.run(ReplyImporter.Input(reply: ImportCorpus.bytes(email.file), strict: true), store: home.store).created)
        let pasted = good("17")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: ImportCorpus.bytes(pasted.file), strict: true), store: home.store) }
                == "unknownSender")
        #expect(try ReplyImporter.run(ReplyImporter.Input(reply: ImportCorpus.bytes(pasted.file)), store: home.store).created)
    }

    /// The secrets of fixture 39, found the way a reader would: tokens with `Q~` or after "Client secret:".
    func secrets(in text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init).filter { $0.contains("Q~") }
    }

    @Test func aClientSecretIsWarnedAboutAndNeverKept() throws {
        let home = try TestStore()
        try home.seedCorpus()
        let reply = good("39")
        let bytes = ImportCorpus.bytes(reply.file)
        let found = secrets(in: String(decoding: bytes, as: UTF8.self))
        #expect(found.count == 2)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: bytes), store: home.store)
        let warning = try #require(outcome.warnings.first { $0.contains("client secret") })
        #expect(warning.contains("delete that secret in the portal") && warning.contains("line 8 of the text"))
        var everything = outcome.warnings.joined() + outcome.sources.values.joined()
        everything += try home.store.auditLog().map { $0.detail + $0.subject }.joined()
        everything += try home.store.connections().map { "\($0)" }.joined()
        let files = try FileManager.default.contentsOfDirectory(atPath: home.folder.path)
        let stored = try files.map { try Data(contentsOf: home.folder.appendingPathComponent($0)) }
        for secret in found {
            #expect(!everything.contains(secret))
            #expect(!everything.contains(String(secret.prefix(12))))
            for data in stored { #expect(data.range(of: Data(secret.utf8)) == nil) }
        }
    }

    struct MSGManifest: Decodable {
        struct Message: Decodable {
            let file: String
            let request: String
            let clientID: String
            let objectID: String
            let sender: String
        }
        let messages: [Message]
    }

    @Test func outlookMessagesBecomeConnections() throws {
        let manifest = try JSONDecoder().decode(MSGManifest.self, from: Data(contentsOf: ImportCorpus.folder.appendingPathComponent("msg/manifest.json")))
        let home = try TestStore()
        for message in manifest.messages { try home.addRequest(message.request) }
        for message in manifest.messages {
            let bytes = ImportCorpus.bytes(message.file)
            if message.sender != "admin@contoso.com" {
                #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: bytes, strict: true), store: home.store) } == "unknownSender")
            }
            let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: bytes, replyName: message.file), store: home.store)
            #expect(outcome.created && outcome.connection.clientID == message.clientID && outcome.connection.objectID == message.objectID)
            #expect(outcome.warnings.contains { $0.contains(message.sender) } == (message.sender != "admin@contoso.com"), "\(outcome.warnings)")
        }
    }

    func block(_ request: String, objectID: String? = nil) -> [UInt8] {
        Array(ReplyBlock.text(requestID: request, tenantID: "41e5d472-f4b3-42f7-a7ed-1eefb1e3bc65", clientID: Self.client,
                              objectID: objectID ?? "", thumbprint: ImportCorpus.manifest.certificates["request.cer"]!.thumbprint).utf8)
    }

    @Test func theObjectIDFromTheReplyOrTheFlag() throws {
        let home = try TestStore()
        for number in 1...4 { try home.addRequest("SPC-AAAA-010\(number)") }
        let fromReply = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0101", objectID: Self.objectID.uppercased())), store: home.store)
        #expect(fromReply.connection.objectID == Self.objectID)
        #expect(fromReply.sources[.objectID]?.hasPrefix("the reply (line 5") == true)
        #expect(try home.store.connection(fromReply.connection.name).objectID == Self.objectID)
        #expect(try home.store.connectionListings().first?.objectID == Self.objectID)
        // An older reply without the line: no Object ID, no complaint.
        let older = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0102")), store: home.store)
        #expect(older.connection.objectID == nil && older.warnings.isEmpty)
        // The flag fills it in, or overrides the reply with a warning.
        let flag = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0103"), objectID: "{\(Self.objectID)}"), store: home.store)
        #expect(flag.connection.objectID == Self.objectID && flag.sourceTexts[.objectID].map(OptionSpelling.text) == "--object-id")
        let other = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
        let overridden = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0104", objectID: Self.objectID), objectID: other),
                                               store: home.store)
        #expect(overridden.connection.objectID == other && overridden.warningTexts.map(OptionSpelling.text).contains { $0.contains("--object-id") })
        // Again with the same values: nothing changes; with another Object ID: refused.
        let before = try home.snapshot()
        #expect(try !ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0101", objectID: Self.objectID)), store: home.store).created)
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0101", objectID: other)), store: home.store) }
                == "alreadyFulfilled")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0101"), objectID: "not-a-guid"), store: home.store) }
                == "invalidObjectID")
        #expect(try home.snapshot() == before)
    }

    @Test(arguments: ["payments", "finance1", "hr2027ab", "PAYMENTS", "7k3dq9xa"])
    func eightLetterNamesAreNames(_ name: String) throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0201")
        try home.addRequest("SPC-AAAA-0202")
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0201"), name: name), store: home.store)
        #expect(outcome.connection.name == name)
        #expect(try home.store.connection(name).id == "SPC-AAAA-0201")
        // With its prefix, it is a request ID and not a name.
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0202"), name: "SPC-\(name)"), store: home.store) }
                == "invalidName")
    }

    @Test func aStoreFromBeforeTheObjectIDGetsItsColumn() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0301")
        try home.addRequest("SPC-AAAA-0302")
        _ = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0301")), store: home.store)
        // Take the store back to the first schema with the sqlite3 tool.
        let database = home.store.location.databasePath
        let sqlite = Subprocess.run("/usr/bin/sqlite3", [database, "ALTER TABLE connections DROP COLUMN objectID; DELETE FROM grdb_migrations WHERE identifier = 'issue10-object-id';"])
        #expect(sqlite.status == 0)
        let reopened = try Store.open(at: home.store.location)
        #expect(try reopened.connections().first?.objectID == nil)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: block("SPC-AAAA-0302", objectID: Self.objectID)), store: reopened)
        #expect(try reopened.connection(outcome.connection.name).objectID == Self.objectID)
    }
}

/// Several imports at once, each with its own connection to one store file (as separate
/// processes have): the same reply makes one connection; replies to different requests whose
/// derived names collide (`contoso-reports`) all succeed with distinct names.
@Suite struct ConcurrentImportTests {
    func reply(_ request: String) -> [UInt8] {
        Array(ReplyBlock.text(requestID: request, tenantID: "41e5d472-f4b3-42f7-a7ed-1eefb1e3bc65", clientID: "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c",
                              thumbprint: ImportCorpus.manifest.certificates["request.cer"]!.thumbprint).utf8)
    }

    func importAtOnce(_ replies: [[UInt8]], location: StoreLocation) -> [Result<Bool, any Error>] {
        let results = Mutex<[Int: Result<Bool, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: replies.count) { index in
            let result = Result { () throws -> Bool in
                let store = try Store.open(at: location)
                return try ReplyImporter.run(ReplyImporter.Input(reply: replies[index]), store: store).created
            }
            results.withLock { $0[index] = result }
        }
        return results.withLock { all in (0..<replies.count).map { all[$0]! } }
    }

    @Test func theSameReplyAtOnceMakesOneConnection() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0401")
        let results = importAtOnce([[UInt8]](repeating: reply("SPC-AAAA-0401"), count: 6), location: home.store.location)
        let created = try results.map { try $0.get() }
        #expect(created.filter { $0 }.count == 1)
        #expect(try home.store.connections().count == 1)
    }

    @Test func collidingDerivedNamesAtOnceAllSucceed() throws {
        let home = try TestStore()
        let ids = (1...6).map { "SPC-AAAA-050\($0)" }
        for id in ids { try home.addRequest(id) }
        let results = importAtOnce(ids.map(reply), location: home.store.location)
        for result in results { #expect(try result.get()) }
        let names = try home.store.connections().map(\.name)
        #expect(Set(names).count == 6 && names.contains("contoso-reports"), "\(names)")
    }
}
