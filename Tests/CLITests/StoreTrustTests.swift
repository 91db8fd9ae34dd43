// A store that cannot be turned against its owner (issue 11): what an attacker with write
// access to the home folder, or to store.sqlite alone, tries, and how each is refused.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("the store refuses what an attacker with write access tries")
struct StoreTrustTests {
    /// A uid no account on the test machine has (the tests run as root, so they can chown).
    static let stranger: uid_t = 4242

    func seededHome(connections: Int = 1) throws -> (StoreHome, [String]) {
        let home = try StoreHome()
        try #require(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--connections", "\(connections)", "--key", Fixtures.rsaKey])
        try #require(seed.status == 0, "\(seed)")
        let names = seed.stdout.split(separator: "\n").map { "seed-" + $0 }
        return (home, names)
    }

    func requestCount(_ home: StoreHome) throws -> String { try home.sql("SELECT count(*) FROM requests") }

    /// meta.public_key replaced with an attacker's key: `request` refuses before sealing
    /// (the pinned fingerprint outside store.sqlite differs) and so does every unlock.
    @Test func aSwappedPublicKeyIsRefusedBeforeAnythingIsSealed() throws {
        let (home, names) = try seededHome()
        defer { home.remove() }
        let before = try requestCount(home)
        let attackerKey = String(repeating: "5A", count: 32)
        _ = try home.sql("UPDATE meta SET value = X'\(attackerKey)' WHERE key = 'public_key'")
        let request = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                    "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "Dana <dana@contoso.com>", "--key-size", "2048"])
        #expect(request.status == 1, "\(request)")
        #expect(request.errorLines.first?.contains("is pinned for this home") == true, "\(request)")
        #expect(request.hintLines.first?.contains("restore store.sqlite from a backup you trust") == true, "\(request)")
        #expect(try requestCount(home) == before, "nothing was sealed to the attacker's key")
        let seed = try home.run(["_dev", "seed", "--requests", "1", "--key", Fixtures.rsaKey])
        #expect(seed.status == 1, "\(seed)")
        let out = home.root.appendingPathComponent("k.pem").path
        let export = try home.run(["export", names[0], "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": Fixtures.password])
        #expect(export.status == 1 && export.errorLines.first?.contains("is pinned for this home") == true, "\(export)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The same swap with the pin gone (a store older than pins, or the config folder lost):
    /// a failing unlock pins nothing (only a successful unlock whose private key makes the
    /// stored public key may), unlocking checks the key itself (the version 2 lock binds it),
    /// and a command that only seals refuses without a pin and seals nothing.
    @Test func aSwappedPublicKeyIsDetectedAtUnlockWithoutThePin() throws {
        let (home, names) = try seededHome()
        defer { home.remove() }
        _ = try home.sql("UPDATE meta SET value = X'\(String(repeating: "5A", count: 32))' WHERE key = 'public_key'")
        try? FileManager.default.removeItem(atPath: home.pins)
        let out = home.root.appendingPathComponent("k.pem").path
        let export = try home.run(["export", names[0], "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": Fixtures.password])
        #expect(export.status == 1, "\(export)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let pinned = (try? FileManager.default.contentsOfDirectory(atPath: home.pins)) ?? []
        #expect(pinned.isEmpty, "a failed unlock pinned the swapped key: \(pinned)")
        let before = try requestCount(home)
        let request = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                    "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "Dana <dana@contoso.com>", "--key-size", "2048"])
        #expect(request.status == 1, "\(request)")
        #expect(request.errorLines.first?.contains("is not pinned") == true, "\(request)")
        #expect(request.hintLines.first?.contains("spconnect rekey") == true, "\(request)")
        #expect(try requestCount(home) == before, "nothing was sealed to the swapped key")
        let deep = try home.run(["_dev", "integrity", "--deep"])
        #expect(deep.status == 1, "\(deep)")
    }

    /// A connection's certificate and thumbprints replaced by another certificate's while its
    /// sealed key stays: refused when the key is opened, and listed by the deep check.
    @Test func aSwappedCertificateIsRefusedWhenItsKeyIsOpened() throws {
        let (home, names) = try seededHome(connections: 2)
        defer { home.remove() }
        let otherKey = home.root.appendingPathComponent("other.key").path
        let otherCertificate = home.root.appendingPathComponent("other.der").path
        #expect(CLI.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", otherKey, "-subj", "/CN=attacker",
                            "-days", "30", "-outform", "DER", "-out", otherCertificate).status == 0)
        let der = Array(FileManager.default.contents(atPath: otherCertificate) ?? Data())
        let sha1 = Convert.opensslValue(CLI.openssl("x509", "-inform", "DER", "-in", otherCertificate, "-noout", "-fingerprint", "-sha1").stdout, after: "Fingerprint=") ?? ""
        let sha256 = Convert.opensslValue(CLI.openssl("x509", "-inform", "DER", "-in", otherCertificate, "-noout", "-fingerprint", "-sha256").stdout, after: "Fingerprint=") ?? ""
        let hexDER = der.map { String(format: "%02X", $0) }.joined()
        _ = try home.sql("UPDATE connections SET certificate = X'\(hexDER)', thumbprintSHA1 = '\(sha1.replacingOccurrences(of: ":", with: ""))', thumbprintSHA256 = '\(sha256)' WHERE name = '\(names[0])'")
        let out = home.root.appendingPathComponent("k.pfx").path
        let export = try home.run(["export", names[0], "--format", "pfx", "--out", out], ["SPCONNECT_CERT_PASSWORD": Fixtures.password])
        #expect(export.status == 1, "\(export)")
        #expect(export.errorLines.first?.contains("the sealed key is not the private key of the record's certificate") == true, "\(export)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let deep = try home.run(["_dev", "integrity", "--deep"])
        #expect(deep.status == 1, "\(deep)")
        #expect(deep.stdout.contains("sealed keys opened: 1"), "\(deep)")
        #expect(deep.stdout.contains("sealed key failed: connection \(names[0])"), "\(deep)")
    }

    /// Dropping the audit log's trigger is reported by the integrity check (exit 1).
    @Test func aDroppedAuditTriggerFailsTheIntegrityCheck() throws {
        let (home, _) = try seededHome()
        defer { home.remove() }
        let sound = try home.run(["_dev", "integrity"])
        #expect(sound.status == 0 && sound.stdout.contains("audit log: append-only"), "\(sound)")
        _ = try home.sql("DROP TRIGGER audit_no_delete")
        let check = try home.run(["_dev", "integrity"])
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("audit log: NOT append-only: trigger audit_no_delete is missing"), "\(check)")
    }

    // MARK: - A home folder trusted only when it is the user's

    /// What is made someone else's, or writable by group or others, and the command that
    /// must then refuse it (naming the path and the fix).
    enum Target: String, CaseIterable, CustomTestStringConvertible {
        case home, store, config, templates, template
        var testDescription: String { rawValue }
    }

    func prepare(_ target: Target, in home: StoreHome) throws -> (path: String, command: [String]) {
        let config = home.home + "/config.toml"
        try "[defaults]\ncloud = \"global\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let templates = home.home + "/templates"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        let template = templates + "/subject.mustache"
        try "Please register {{appName}}".write(toFile: template, atomically: true, encoding: .utf8)
        let requests = try home.run(["requests", "--json"]).stdout
        let id = try #require(requests.split(separator: "\"").first { $0.hasPrefix("SPC-") && $0.count == 13 }.map(String.init))
        let instructions = ["instructions", id, "--format", "eml"]
        let request = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                       "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "Dana <dana@contoso.com>", "--key-size", "2048"]
        switch target {
        case .home: return (home.home, ["requests"])
        case .store: return (home.database, ["requests"])
        case .config: return (config, request)
        case .templates: return (templates, instructions)
        case .template: return (template, instructions)
        }
    }

    func homeWithARequest() throws -> StoreHome {
        let home = try StoreHome()
        try #require(try home.run(["init"]).status == 0)
        try #require(try home.run(["_dev", "seed", "--requests", "1", "--key", Fixtures.rsaKey]).status == 0)
        return home
    }

    @Test(arguments: Target.allCases)
    func somethingOwnedBySomeoneElseIsRefused(_ target: Target) throws {
        let home = try homeWithARequest()
        defer { home.remove() }
        let (path, command) = try prepare(target, in: home)
        let before = try requestCount(home)
        #expect(chown(path, Self.stranger, getegid()) == 0)
        let result = try home.run(command)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("\(path): the \(target == .home || target == .templates ? "folder" : "file") belongs to uid 4242, not to you") == true, "\(result)")
        #expect(result.hintLines.first?.contains("chown") == true && result.hintLines.first?.contains(path) == true, "\(result)")
        #expect(chown(path, geteuid(), getegid()) == 0)
        #expect(try requestCount(home) == before, "nothing was made")
        #expect(try home.run(command).status == 0, "the same command works once the file is the user's again")
    }

    @Test(arguments: Target.allCases)
    func somethingGroupWritableIsRefused(_ target: Target) throws {
        let home = try homeWithARequest()
        defer { home.remove() }
        let (path, command) = try prepare(target, in: home)
        var info = stat()
        stat(path, &info)
        #expect(chmod(path, (info.st_mode & 0o777) | 0o020) == 0)
        let result = try home.run(command)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("\(path): the \(target == .home || target == .templates ? "folder" : "file") is writable by group or others") == true, "\(result)")
        #expect(result.hintLines.first == "spconnect: hint: run: chmod go-w '\(path)'", "\(result)")
        #expect(chmod(path, info.st_mode & 0o777) == 0)
        #expect(try home.run(command).status == 0)
    }

    /// A store file that is a symbolic link (to a file elsewhere) is not opened.
    @Test func aStoreFileThatIsALinkIsRefused() throws {
        let home = try homeWithARequest()
        defer { home.remove() }
        let elsewhere = home.root.appendingPathComponent("elsewhere.sqlite").path
        #expect(rename(home.database, elsewhere) == 0)
        #expect(symlink(elsewhere, home.database) == 0)
        let result = try home.run(["requests"])
        #expect(result.status == 1 && result.errorLines.first?.contains("is a symbolic link") == true, "\(result)")
    }

    @Test func aPassphraseFileOthersCanReadIsRefused() throws {
        let (home, names) = try seededHome()
        defer { home.remove() }
        let file = home.root.appendingPathComponent("passphrase").path
        try "correct horse\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let out = home.root.appendingPathComponent("k.pem").path
        let environment = ["SPCONNECT_PASSPHRASE_FILE": file, "SPCONNECT_CERT_PASSWORD": Fixtures.password]
        let result = try home.run(["export", names[0], "--format", "pem", "--out", out], environment)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first == "spconnect: error: \(file): the file is readable or writable by others (mode 644); spconnect does not use it", "\(result)")
        #expect(result.hintLines.first == "spconnect: hint: run: chmod 600 '\(file)'", "\(result)")
        #expect(!FileManager.default.fileExists(atPath: out))
        chown(file, Self.stranger, getegid())
        chmod(file, 0o600)
        let foreign = try home.run(["export", names[0], "--format", "pem", "--out", out], environment)
        #expect(foreign.status == 1 && foreign.errorLines.first?.contains("belongs to uid 4242") == true, "\(foreign)")
        chown(file, geteuid(), getegid())
        #expect(try home.run(["export", names[0], "--format", "pem", "--out", out], environment).status == 0)
    }
}

/// After `rekey`, an old copy of the store (a backup) with the old passphrase opens nothing
/// sealed after the rekey, nor the resealed keys: checked by the independent Python
/// implementation of SEALING.md (scripts/sealing_vectors.py --open-store).
@Suite("rekey, checked by an independent implementation")
struct RekeyIndependentTests {
    struct Opened: Decodable {
        let unlocked: Bool
        let opened: [String]
        let refused: [String]
    }

    func python(_ keys: String, blobs: String, passphrase: String) throws -> Opened {
        let script = Scripts.path("sealing_vectors.py")
        let result = CLI.tool(Scripts.python, [script, "--open-store", keys, "--blobs-from", blobs], environment: ["SPCONNECT_PASSPHRASE": passphrase])
        try #require(result.status == 0, "\(result)")
        return try JSONDecoder().decode(Opened.self, from: Data(result.stdout.utf8))
    }

    @Test func anOldCopyWithTheOldPassphraseOpensNothingMadeAfterARekey() throws {
        let home = try StoreHome()
        defer { home.remove() }
        try #require(try home.run(["init"]).status == 0)
        try #require(try home.run(["_dev", "seed", "--connections", "2", "--requests", "1", "--key", Fixtures.rsaKey]).status == 0)
        let oldCopy = home.root.appendingPathComponent("backup.sqlite").path
        #expect(CLI.tool("sqlite3", [home.database, ".backup '\(oldCopy)'"]).status == 0)
        // The independent implementation opens every blob of the old copy with the old passphrase.
        let before = try python(oldCopy, blobs: oldCopy, passphrase: "correct horse")
        #expect(before.unlocked && before.opened.count == 4 && before.refused.isEmpty, "\(before)")

        let rekey = try home.run(["rekey"], ["SPCONNECT_NEW_PASSPHRASE": "staple battery horse"])
        try #require(rekey.status == 0, "\(rekey)")
        try #require(try home.run(["_dev", "seed", "--connections", "1", "--key", Fixtures.rsaKey],
                                  ["SPCONNECT_PASSPHRASE": "staple battery horse"]).status == 0)

        let old = try python(oldCopy, blobs: home.database, passphrase: "correct horse")
        #expect(old.unlocked, "the old copy still unlocks with the old passphrase: \(old)")
        #expect(old.opened.isEmpty && old.refused.count == 5, "the old key opens nothing in the rekeyed store: \(old)")
        let wrong = try python(home.database, blobs: home.database, passphrase: "correct horse")
        #expect(!wrong.unlocked, "the old passphrase does not unlock the new store")
        let new = try python(home.database, blobs: home.database, passphrase: "staple battery horse")
        #expect(new.unlocked && new.opened.count == 5 && new.refused.isEmpty, "\(new)")
    }

    /// `request` on a new home makes the store with `init`'s cost rules: SPCONNECT_SCRYPT_LOGN is honoured.
    @Test func requestOnANewHomeHonoursTheScryptCost() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let result = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                   "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "Dana <dana@contoso.com>",
                                   "--key-size", "2048"], ["SPCONNECT_SCRYPT_LOGN": "15"])
        #expect(result.status == 0, "\(result)")
        #expect(try home.sql("SELECT CAST(value AS TEXT) FROM meta WHERE key = 'kdf'").contains("\"logN\":15"))
    }
}

extension StoreTrustTests {
    /// Records added without the passphrase (here by `_dev seed`, as `request` and `import`
    /// add them) are checked at the next unlock, and every one that fails is named.
    @Test func theNextUnlockNamesEveryRecordWhoseKeyIsNotItsCertificates() throws {
        let (home, names) = try seededHome(connections: 3)
        defer { home.remove() }
        let other = try home.makeKey()
        let otherCertificate = home.root.appendingPathComponent("other.der").path
        #expect(CLI.openssl("req", "-x509", "-new", "-key", other, "-subj", "/CN=attacker", "-days", "30", "-outform", "DER", "-out", otherCertificate).status == 0)
        let hexDER = Array(FileManager.default.contents(atPath: otherCertificate) ?? Data()).map { String(format: "%02X", $0) }.joined()
        for name in names.dropFirst() {
            _ = try home.sql("UPDATE connections SET certificate = X'\(hexDER)' WHERE name = '\(name)'")
        }
        let out = home.root.appendingPathComponent("k.pem").path
        let export = try home.run(["export", names[0], "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": Fixtures.password])
        #expect(export.status == 0, "\(export)")
        #expect(export.warningLines.count == 2, "\(export)")
        for name in names.dropFirst() {
            #expect(export.warningLines.contains { $0.contains("connection \(name)") && $0.contains("not the private key of the record's certificate") }, "\(export)")
        }
        // They are named again at every unlock until they are fixed; the sound one is not re-checked.
        let again = try home.run(["export", names[0], "--format", "pem", "--out", out, "--force"], ["SPCONNECT_CERT_PASSWORD": Fixtures.password])
        #expect(again.status == 0 && again.warningLines.count == 2, "\(again)")
        #expect(try home.sql("SELECT count(*) FROM checked_records") == "1")
    }
}

extension StoreTrustTests {
    /// The deep check opens every sealed blob: a pending request's copy for its future
    /// connection too (here moved from another request, so it does not authenticate).
    @Test func theDeepCheckOpensThePendingConnectionCopiesToo() throws {
        let home = try StoreHome()
        defer { home.remove() }
        try #require(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--requests", "2", "--key", Fixtures.rsaKey])
        try #require(seed.status == 0, "\(seed)")
        let ids = seed.stdout.split(separator: "\n").map(String.init)
        let sound = try home.run(["_dev", "integrity", "--deep"])
        #expect(sound.status == 0 && sound.stdout.contains("sealed keys opened: 4"), "\(sound)")
        _ = try home.sql("UPDATE requests SET sealedConnectionKey = (SELECT sealedConnectionKey FROM requests WHERE id = '\(ids[1])') WHERE id = '\(ids[0])'")
        let deep = try home.run(["_dev", "integrity", "--deep"])
        #expect(deep.status == 1, "\(deep)")
        #expect(deep.stdout.contains("sealed keys opened: 3"), "\(deep)")
        #expect(deep.stdout.contains("sealed key failed: request \(ids[0])") || deep.stdout.contains("sealed key failed: connection \(ids[0])"), "\(deep)")
    }
}

extension StoreTrustTests {
    /// `init` in a home folder someone else owns makes nothing there.
    @Test func initRefusesAHomeSomeoneElseOwns() throws {
        let home = try StoreHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(atPath: home.home, withIntermediateDirectories: true)
        chmod(home.home, 0o700)
        #expect(chown(home.home, Self.stranger, getegid()) == 0)
        let result = try home.run(["init"])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("belongs to uid 4242") == true, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: home.database))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: home.home)) ?? ["?"]).isEmpty)
    }
}
