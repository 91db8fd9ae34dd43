import Foundation
import Testing
import TestSupport

/// The encrypted store through the command line: init, unlock, tampering, permissions,
/// crashes and concurrent writers (issue 3's reliability list).
@Suite(.serialized) struct StoreTests {
    /// A home with a store and `connections` connections made from a known key.
    func seeded(connections: Int = 3, requests: Int = 0) throws -> (StoreHome, key: String, names: [String]) {
        let home = try StoreHome()
        let initResult = try home.run(["init"])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let key = try home.makeKey()
        let seed = try home.run(["_dev", "seed", "--connections", "\(connections)", "--requests", "\(requests)", "--key", key])
        #expect(seed.status == 0, "\(seed.stderr)")
        let list = try home.run(["connections", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let names = (json?["connections"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        return (home, key, names)
    }

    @Test func initCreatesPrivateFilesAndASecondInitChangesNothing() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let first = try home.run(["init"])
        #expect(first.status == 0)
        let folderMode = try FileManager.default.attributesOfItem(atPath: home.home)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: home.database)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(fileMode == 0o600)
        let before = try home.storeDigest()
        let second = try home.run(["init"], ["SPCONNECT_PASSPHRASE": "another one"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("already exists"))
        #expect(try home.storeDigest() == before)
        #expect(try home.sql("PRAGMA integrity_check") == "ok")
        #expect(try home.sql("SELECT count(*) FROM audit WHERE action = 'init'") == "1")
    }

    @Test func withoutAPassphraseSourceOrTerminalInitSaysWhatToDo() throws {
        let home = try StoreHome()
        defer { home.remove() }
        // No passphrase variable, and CLI.run starts the child in a new session: no terminal.
        let result = CLI.run(["init"], environment: ["SPCONNECT_HOME": home.home])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no terminal"))
        #expect(result.stderr.contains("SPCONNECT_PASSPHRASE"))
        #expect(!FileManager.default.fileExists(atPath: home.database))
    }

    @Test func wrongPassphraseIsRefusedAndChangesNothing() throws {
        let (home, _, names) = try seeded(connections: 1)
        defer { home.remove() }
        let before = try home.storeDigest()
        let out = home.root.appendingPathComponent("export.pfx").path
        let result = try home.run(["export", names[0], "--format", "pfx", "--out", out],
                                  ["SPCONNECT_PASSPHRASE": "wrong horse", "SPCONNECT_CERT_PASSWORD": "pfx-password"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("spconnect: error: wrong passphrase"))
        #expect(!result.stderr.contains("correct horse"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try home.storeDigest() == before)
    }

    @Test func exportWritesWhatOpenSSLReads() throws {
        let (home, key, names) = try seeded(connections: 1)
        defer { home.remove() }
        let pfx = home.root.appendingPathComponent("c.pfx").path
        let pem = home.root.appendingPathComponent("c.pem").path
        let json = home.root.appendingPathComponent("c.json").path
        #expect(try home.run(["export", names[0], "--format", "pfx", "--out", pfx], ["SPCONNECT_CERT_PASSWORD": "pfx-password"]).status == 0)
        #expect(try home.run(["export", names[0], "--format", "pem", "--out", pem], ["SPCONNECT_CERT_PASSWORD": "pem-password"]).status == 0)
        #expect(try home.run(["export", names[0], "--format", "json", "--out", json], ["SPCONNECT_PASSPHRASE": "not needed"]).status == 0)
        #expect(try shell("openssl pkcs12 -in '\(pfx)' -passin pass:pfx-password -nodes 2>/dev/null | openssl pkey -pubout").output
                == (try shell("openssl pkey -in '\(key)' -pubout").output))
        #expect(try shell("openssl pkey -in '\(pem)' -passin pass:pem-password -pubout").output == (try shell("openssl pkey -in '\(key)' -pubout").output))
        #expect(try shell("openssl pkcs12 -in '\(pfx)' -passin pass:wrong -noout").status != 0)
        let description = try String(contentsOfFile: json, encoding: .utf8)
        #expect(description.contains("\"clientID\""))
        #expect(!description.contains("PRIVATE KEY"))
        let mode = try FileManager.default.attributesOfItem(atPath: pfx)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // An existing file is not replaced without --force.
        let again = try home.run(["export", names[0], "--format", "json", "--out", json])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func alteredOrMovedSealedKeysFailNamingTheRecordAndOthersStillOpen() throws {
        let (home, _, names) = try seeded(connections: 4)
        defer { home.remove() }
        #expect(names.count == 4)
        let blob = { (name: String) in try home.sql("SELECT hex(sealedKey) FROM connections WHERE name = '\(name)'") }
        let original = try blob(names[0])
        var flipped = Array(original)
        flipped[200] = flipped[200] == "0" ? "1" : "0"
        let tampering: [(String, String)] = [
            (names[0], String(flipped)),                 // one flipped bit
            (names[1], String(original.dropLast(2))),    // truncated by one byte
            (names[2], try blob(names[2]) + "00"),       // one byte appended
        ]
        for (name, value) in tampering {
            _ = try home.sql("UPDATE connections SET sealedKey = X'\(value)' WHERE name = '\(name)'")
        }
        // A whole blob moved from another record: the fourth connection gets the first's original blob.
        _ = try home.sql("UPDATE connections SET sealedKey = X'\(original)' WHERE name = '\(names[3])'")
        for name in names {
            let out = home.root.appendingPathComponent("\(name).pem").path
            let result = try home.run(["export", name, "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": "pem-password"])
            #expect(result.status == 1, "\(name) must not open")
            #expect(result.stderr.contains("connection \(name)"))
            #expect(result.stderr.contains("does not authenticate"))
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        // Restoring the first blob makes its own record open again; the others were not touched.
        _ = try home.sql("UPDATE connections SET sealedKey = X'\(original)' WHERE name = '\(names[0])'")
        let restored = try home.run(["export", names[0], "--format", "pem", "--out", home.root.appendingPathComponent("ok.pem").path],
                                    ["SPCONNECT_CERT_PASSWORD": "pem-password"])
        #expect(restored.status == 0, "\(restored.stderr)")
    }

    @Test func aStoreOpenToOthersIsNotUnlockedAndTheHintGivesTheChmod() throws {
        let (home, _, names) = try seeded(connections: 1)
        defer { home.remove() }
        let out = home.root.appendingPathComponent("x.pem").path
        chmod(home.database, 0o644)
        var result = try home.run(["export", names[0], "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": "pem password 42"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("chmod 600 '\(home.database)'"))
        chmod(home.database, 0o600)
        chmod(home.home, 0o755)
        result = try home.run(["export", names[0], "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": "pem password 42"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("chmod 700 '\(home.home)'"))
        #expect(!FileManager.default.fileExists(atPath: out))
        chmod(home.home, 0o700)
        #expect(try home.run(["export", names[0], "--format", "pem", "--out", out], ["SPCONNECT_CERT_PASSWORD": "pem password 42"]).status == 0)
    }

    /// `passphrase change` (and its other name, `rekey`) rotates the store key: every sealed
    /// blob changes, the public key changes, and the keys still open with the new passphrase.
    @Test func passphraseChangeRotatesTheStoreKeyAndResealsEveryBlob() throws {
        let (home, _, _) = try seeded(connections: 2)
        defer { home.remove() }
        let sealedBefore = try home.sql("SELECT group_concat(hex(sealedKey)) FROM connections")
        let publicBefore = try home.sql("SELECT hex(value) FROM meta WHERE key = 'public_key'")
        let change = try home.run(["passphrase", "change"], ["SPCONNECT_NEW_PASSPHRASE": "battery staple"])
        #expect(change.status == 0, "\(change.stderr)")
        #expect(change.stdout.contains("2 sealed keys resealed"), "\(change)")
        let sealedAfter = try home.sql("SELECT group_concat(hex(sealedKey)) FROM connections")
        #expect(!sealedAfter.isEmpty && sealedAfter != sealedBefore)
        #expect(try home.sql("SELECT hex(value) FROM meta WHERE key = 'public_key'") != publicBefore)
        #expect(try home.run(["_dev", "integrity", "--deep"]).status == 1)
        let deep = try home.run(["_dev", "integrity", "--deep"], ["SPCONNECT_PASSPHRASE": "battery staple"])
        #expect(deep.status == 0, "\(deep)")
        #expect(deep.stdout.contains("sealed keys opened: 2"))
        let rekey = try home.run(["rekey"], ["SPCONNECT_PASSPHRASE": "battery staple", "SPCONNECT_NEW_PASSPHRASE": "staple battery horse"])
        #expect(rekey.status == 0, "\(rekey)")
        #expect(try home.sql("SELECT group_concat(hex(sealedKey)) FROM connections") != sealedAfter)
    }

    @Test func noPrivateKeyIsEverStoredUnsealed() throws {
        let (home, key, names) = try seeded(connections: 2, requests: 2)
        defer { home.remove() }
        let requests = try home.run(["requests", "--json"])
        let firstRequest = try #require(requests.stdout.split(separator: "\"").first { $0.hasPrefix("SPC-") && $0.count == 13 })
        _ = try home.run(["cancel", String(firstRequest)])
        _ = try home.run(["export", names[0], "--format", "json", "--out", home.home + "/exported.json"])
        _ = try home.run(["show", names[1], "--json"])
        // The PKCS#8 DER of the key; everything past the modulus is private (d, p, q, …).
        let der = try shell("openssl pkey -in '\(key)' -outform DER | xxd -p | tr -d '\\n'").output
        let bytes = stride(from: 0, to: der.count - 1, by: 2).map { index -> UInt8 in
            let start = der.index(der.startIndex, offsetBy: index)
            return UInt8(der[start...der.index(after: start)], radix: 16)!
        }
        let privateChunks = stride(from: 320, to: bytes.count - 32, by: 97).map { Data(bytes[$0..<($0 + 32)]) }
        #expect(privateChunks.count > 5)
        let files = try home.files()
        #expect(files.contains { $0.0 == "store.sqlite" })
        for (name, content) in files {
            #expect(content.range(of: Data("PRIVATE KEY".utf8)) == nil, "\(name) holds a PEM private key")
            for chunk in privateChunks {
                #expect(content.range(of: chunk) == nil, "\(name) holds private key bytes")
            }
        }
    }

    @Test func twoProcessesWritingAtOnceLoseNothing() throws {
        let home = try StoreHome()
        defer { home.remove() }
        #expect(try home.run(["init"]).status == 0)
        let key = try home.makeKey()
        let writers = try (0..<2).map { _ in try home.start(["_dev", "seed", "--requests", "100", "--key", key]) }
        for writer in writers { writer.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        #expect(try home.sql("SELECT count(*) FROM requests") == "200")
        #expect(try home.sql("SELECT count(*) FROM audit WHERE action = 'request.created'") == "200")
        #expect(try home.sql("PRAGMA integrity_check") == "ok")
    }

    /// SIGKILL at random moments during init, request inserts and request-to-connection
    /// fulfilments: the store always opens, passes integrity_check, and every record is whole.
    @Test func killedWritersLeaveWholeRecords() throws {
        var generator = SeededGenerator.forTest("killedWritersLeaveWholeRecords", fallback: 0x5704_E5EE_D)
        let home = try StoreHome()
        defer { home.remove() }
        let key = try home.makeKey()
        var kills = 0
        var round = 0
        // Rounds go on until 54 processes were killed while still writing (bounded, in case
        // the machine is so fast that writers finish first).
        while kills < 54 && round < 200 {
            defer { round += 1 }
            let phase = round % 3
            if phase == 0 { try? FileManager.default.removeItem(atPath: home.home) }
            let arguments: [String] = switch phase {
            case 0: ["init"]
            case 1: ["_dev", "seed", "--requests", "200", "--key", key]
            default: ["_dev", "seed", "--connections", "25", "--key", key, "--prefix", "r\(round)"]
            }
            if phase != 0 && !FileManager.default.fileExists(atPath: home.database) {
                #expect(try home.run(["init"]).status == 0)
            }
            let process = try home.start(arguments)
            usleep(UInt32.random(in: 2_000...(phase == 0 ? 60_000 : 120_000), using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            guard FileManager.default.fileExists(atPath: home.database) else {
                // init was killed before the store was linked into place: nothing half-made may remain.
                let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: home.home)) ?? []
                #expect(leftovers.allSatisfy { $0.hasPrefix(".store.sqlite.init-") }, "\(leftovers)")
                continue
            }
            let check = try home.run(["_dev", "integrity", "--deep"])
            #expect(check.status == 0, "round \(round): \(check.stdout) \(check.stderr)")
            #expect(check.stdout.contains("integrity: ok"))
            // Whole or absent: a pending request has both sealed keys; a fulfilled one has its connection.
            #expect(try home.sql("SELECT count(*) FROM requests WHERE status = 'drafted' AND (sealedKey IS NULL OR sealedConnectionKey IS NULL)") == "0")
            #expect(try home.sql("SELECT count(*) FROM requests WHERE status = 'fulfilled'") == (try home.sql("SELECT count(*) FROM connections")))
            #expect(try home.sql("SELECT count(*) FROM requests") == (try home.sql("SELECT count(*) FROM audit WHERE action = 'request.created'")))
        }
        #expect(kills >= 50, "only \(kills) processes were still running when killed")
    }
}

struct ShellResult {
    let status: Int32
    let output: String
}

/// Runs `bash -c COMMAND` and returns its exit status and standard output.
func shell(_ command: String) throws -> ShellResult {
    let run = Subprocess.run("/bin/bash", ["-c", command])
    return ShellResult(status: run.status, output: run.stdout)
}
