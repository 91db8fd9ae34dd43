// The record swap (issue 11): someone who can write store.sqlite, but not the config folder,
// replaces a record's certificate, thumbprints and sealed key with a consistent set of their
// own, sealed to the store's real public key (anyone can). The record MAC, keyed by a file
// beside the pin, makes `instructions`, `send`, `import` and `export` refuse it.
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite("a record whose certificate and key were swapped together is refused")
struct RecordMACTests {
    /// What `scripts/sealing_vectors.py --forge-request` makes (Python `cryptography`): a new
    /// key and certificate, the key sealed to the store's public key, in hex.
    struct Forged: Decodable {
        let certificate: String, thumbprint: String, sha256: String, sealedKey: String, sealedConnectionKey: String
        /// The SHA-256 thumbprint as the store keeps it (colon-separated).
        var sha256Colons: String {
            stride(from: 0, to: sha256.count, by: 2).map { String(Array(sha256)[$0..<$0 + 2]) }.joined(separator: ":")
        }
    }

    /// What `--record-macs` finds (the independent check of every record MAC).
    struct MACs: Decodable, Equatable {
        let valid: [String], wrong: [String], missing: [String]
    }

    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "0c6d4f7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"

    func python(_ arguments: [String]) throws -> String {
        let run = Subprocess.run(testPython, ["scripts/sealing_vectors.py"] + arguments, cwd: packageRoot)
        try #require(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    func forge(_ home: StoreHome, _ id: String) throws -> Forged {
        try JSONDecoder().decode(Forged.self, from: Data(try python(["--forge-request", home.database, id]).utf8))
    }

    func macs(_ home: StoreHome) throws -> MACs {
        try JSONDecoder().decode(MACs.self, from: Data(try python(["--record-macs", home.database, macKeyPath(home)]).utf8))
    }

    /// The key file beside the pin (the pin's name with `.mac`).
    func macKeyPath(_ home: StoreHome) throws -> String {
        let pins = try FileManager.default.contentsOfDirectory(atPath: home.pins).filter { !$0.hasSuffix(".mac") && !$0.hasPrefix(".") }
        let pin = try #require(pins.first)
        return home.pins + "/" + pin + ".mac"
    }

    func homeWithRequests(_ count: Int = 1, connections: Int = 0) throws -> (StoreHome, [String]) {
        let home = try StoreHome()
        try #require(try home.run(["init"]).status == 0)
        var arguments = ["_dev", "seed", "--requests", "\(count)", "--key", Fixtures.rsaKey]
        if connections > 0 { arguments = ["_dev", "seed", "--connections", "\(connections)", "--key", Fixtures.rsaKey] }
        let seed = try home.run(arguments)
        try #require(seed.status == 0, "\(seed)")
        return (home, seed.stdout.split(separator: "\n").map(String.init))
    }

    /// The swap, with the independent tool: sqlite3 on the real store file.
    func swapRequest(_ home: StoreHome, _ id: String) throws -> Forged {
        let forged = try forge(home, id)
        let update = CLI.tool("sqlite3", [home.database, "UPDATE requests SET certificate = X'\(forged.certificate)', thumbprint = '\(forged.thumbprint)', "
                                          + "sealedKey = X'\(forged.sealedKey)', sealedConnectionKey = X'\(forged.sealedConnectionKey)' WHERE id = '\(id)'"])
        try #require(update.status == 0, "\(update)")
        try #require(try home.sql("SELECT thumbprint FROM requests WHERE id = '\(id)'") == forged.thumbprint)
        return forged
    }

    func expectRefused(_ result: RunResult, _ record: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.errorLines.first?.contains("\(record): its record MAC does not match its certificate") == true, "\(result)", sourceLocation: sourceLocation)
        #expect(result.hintLines.first?.contains("make a new request") == true, "\(result)", sourceLocation: sourceLocation)
    }

    @Test func instructionsRefuseASwappedRequest() throws {
        let (home, ids) = try homeWithRequests()
        defer { home.remove() }
        let sound = try home.run(["instructions", ids[0], "--format", "powershell"])
        #expect(sound.status == 0, "\(sound)")
        let forged = try swapRequest(home, ids[0])
        let instructions = try home.run(["instructions", ids[0], "--format", "powershell"])
        expectRefused(instructions, "request \(ids[0])")
        #expect(instructions.stdout.isEmpty, "\(instructions)")
        #expect(!instructions.stdout.contains(forged.thumbprint) && !instructions.stderr.contains(forged.certificate))
        let eml = try home.run(["instructions", ids[0], "--format", "eml"])
        expectRefused(eml, "request \(ids[0])")
    }

    @Test func importRefusesASwappedRequestAndChangesNothing() throws {
        let (home, ids) = try homeWithRequests()
        defer { home.remove() }
        let forged = try swapRequest(home, ids[0])
        let before = try home.storeDigest()
        // The admin registered the forged certificate and replies with its thumbprint.
        let imported = try home.run(["import", "--request", ids[0], "--tenant-id", Self.tenant, "--client-id", Self.client,
                                     "--thumbprint", forged.thumbprint, "--name", "stolen"])
        expectRefused(imported, "request \(ids[0])")
        #expect(try home.sql("SELECT count(*) FROM connections") == "0")
        #expect(try home.storeDigest() == before)
    }

    @Test func exportRefusesASwappedConnectionAndWritesNothing() throws {
        let (home, ids) = try homeWithRequests(connections: 1)
        defer { home.remove() }
        let forged = try forge(home, ids[0])
        let update = CLI.tool("sqlite3", [home.database, "UPDATE connections SET certificate = X'\(forged.certificate)', thumbprintSHA1 = '\(forged.thumbprint)', "
                                          + "thumbprintSHA256 = '\(forged.sha256Colons)', sealedKey = X'\(forged.sealedConnectionKey)' WHERE id = '\(ids[0])'"])
        try #require(update.status == 0, "\(update)")
        let out = home.root.appendingPathComponent("k.pem").path
        let export = try home.run(["export", "seed-" + ids[0], "--format", "pem", "--out", out], Fixtures.passwordEnvironment)
        #expect(export.status == 1, "\(export)")
        #expect(export.errorLines.first?.contains("connection seed-\(ids[0]) (\(ids[0])): its record MAC does not match its certificate") == true, "\(export)")
        #expect(export.hintLines.first?.contains("make a new request") == true, "\(export)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let integrity = try home.run(["_dev", "integrity"])
        #expect(integrity.status == 1, "\(integrity)")
        #expect(integrity.stdout.contains("record MACs valid: 1 of 2"), "\(integrity)")
        #expect(integrity.stdout.contains("record MAC failed: connection seed-\(ids[0]) (\(ids[0])): its record MAC does not match"), "\(integrity)")
    }

    /// A MAC key file that is gone, or not a key file, stops every command that checks MACs with
    /// an error that names the file; nothing is changed.
    @Test(arguments: ["missing", "garbage", "group-writable"])
    func aMissingOrUnreadableKeyFileIsAClearErrorAndChangesNothing(_ fault: String) throws {
        let (home, ids) = try homeWithRequests(2)
        defer { home.remove() }
        let keyPath = try macKeyPath(home)
        switch fault {
        case "missing": #expect(unlink(keyPath) == 0)
        case "garbage": #expect(FileManager.default.createFile(atPath: keyPath, contents: Data("not a key".utf8)))
        default: #expect(chmod(keyPath, 0o620) == 0)
        }
        let before = try home.storeDigest()
        let instructions = try home.run(["instructions", ids[0], "--format", "powershell"])
        #expect(instructions.status == 1 && instructions.stdout.isEmpty, "\(instructions)")
        #expect(instructions.errorLines.first?.contains(keyPath) == true, "\(instructions)")
        if fault == "missing" {
            #expect(instructions.errorLines.first?.contains("is missing, but request \(ids[0]) has a MAC") == true, "\(instructions)")
        }
        let imported = try home.run(["import", "--request", ids[1], "--tenant-id", Self.tenant, "--client-id", Self.client])
        #expect(imported.status == 1 && imported.errorLines.first?.contains(keyPath) == true, "\(imported)")
        #expect(try home.storeDigest() == before)
        #expect(try home.sql("SELECT count(*) FROM connections") == "0")
        if fault == "missing" { #expect(!FileManager.default.fileExists(atPath: keyPath)) }
    }

    /// Records from before record MACs (the migration leaves NULL; there is no key file yet) are
    /// used as they are until the next checked unlock, which checks each and gives it its MAC;
    /// from then on a record without one is refused.
    @Test func legacyRecordsAreMACedAtTheNextCheckedUnlock() throws {
        let (home, ids) = try homeWithRequests(connections: 2)
        defer { home.remove() }
        let keyPath = try macKeyPath(home)
        #expect(unlink(keyPath) == 0)
        _ = try home.sql("UPDATE requests SET mac = NULL; UPDATE connections SET mac = NULL; DELETE FROM checked_records")
        let shown = try home.run(["instructions", ids[0], "--format", "powershell"])
        #expect(shown.status == 0, "\(shown)")
        let pending = try home.run(["_dev", "integrity"])
        #expect(pending.status == 1 && pending.stdout.contains("record MAC failed: request \(ids[0]): no record MAC yet"), "\(pending)")
        let out = home.root.appendingPathComponent("k.pem").path
        let export = try home.run(["export", "seed-" + ids[0], "--format", "pem", "--out", out], Fixtures.passwordEnvironment)
        #expect(export.status == 0 && export.warningLines.isEmpty, "\(export)")
        let key = Array(FileManager.default.contents(atPath: keyPath) ?? Data())
        #expect(key.count == 38 + 13 && Array(key.prefix(6)) == Array("SPCM".utf8) + [1, 0], "the key file says records without a MAC are no longer accepted")
        let found = try macs(home).sortedValid()
        #expect(found == MACs(valid: ["request \(ids[0])", "request \(ids[1])", "connection \(ids[0])", "connection \(ids[1])"],
                              wrong: [], missing: []).sortedValid(), "\(found)")
        #expect(try home.run(["_dev", "integrity"]).status == 0)
        _ = try home.sql("UPDATE requests SET mac = NULL WHERE id = '\(ids[0])'")
        let stripped = try home.run(["instructions", ids[0], "--format", "powershell"])
        #expect(stripped.status == 1 && stripped.errorLines.first?.contains("request \(ids[0]): no record MAC, though") == true, "\(stripped)")
    }

    /// `rekey` reseals every blob; the MAC key is carried over unchanged and every MAC stays valid.
    @Test func rekeyKeepsEveryRecordMACValid() throws {
        let (home, ids) = try homeWithRequests(connections: 2)
        defer { home.remove() }
        try #require(try home.run(["_dev", "seed", "--requests", "1", "--key", Fixtures.rsaKey]).status == 0)
        let keyPath = try macKeyPath(home)
        let keyBefore = FileManager.default.contents(atPath: keyPath)
        let before = try macs(home)
        #expect(before.valid.count == 5 && before.wrong.isEmpty && before.missing.isEmpty, "\(before)")
        let rekey = try home.run(["rekey"], ["SPCONNECT_NEW_PASSPHRASE": "battery staple horse correct"])
        #expect(rekey.status == 0, "\(rekey)")
        #expect(FileManager.default.contents(atPath: keyPath) == keyBefore)
        #expect(try macs(home).sortedValid() == before.sortedValid())
        let deep = try home.run(["_dev", "integrity", "--deep"], ["SPCONNECT_PASSPHRASE": "battery staple horse correct"])
        #expect(deep.status == 0 && deep.stdout.contains("record MACs valid: 5 of 5"), "\(deep)")
        let export = try home.run(["export", "seed-" + ids[0], "--format", "pem", "--out", home.root.appendingPathComponent("k.pem").path],
                                  ["SPCONNECT_PASSPHRASE": "battery staple horse correct"].merging(Fixtures.passwordEnvironment) { $1 })
        #expect(export.status == 0, "\(export)")
    }
}

extension RecordMACTests.MACs {
    func sortedValid() -> Self { .init(valid: valid.sorted(), wrong: wrong.sorted(), missing: missing.sorted()) }
}
