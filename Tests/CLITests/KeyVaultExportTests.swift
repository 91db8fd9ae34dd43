// `export --to azure-keyvault` against scripts/keyvault_sim.py: the PFX Key Vault receives
// is opened by Python's `cryptography` with the password the request carried and must hold
// the connection's key and certificate; refusals give clear errors and change nothing; the
// token and the password never show.
import Foundation
import Testing
import TestSupport

@Suite("export --to azure-keyvault", .serialized)
struct KeyVaultExportTests {
    /// A bearer token for a simulator: JWT-shaped, from the test's seeded generator.
    static func token(_ label: String, fallback: UInt64) -> String {
        var generator = SeededGenerator.forTest(label, fallback: fallback)
        let part = { (count: Int) in
            String((0..<count).map { _ in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")[Int(generator.next() % 64)] })
        }
        return "eyJ" + part(30) + "." + part(60) + "." + part(43)
    }

    /// Opens the PFX the simulator received with `cryptography` and the request's own `pwd`,
    /// and compares its key with the key the connection was seeded from and its certificate's
    /// SHA-1 with the connection's thumbprint. Prints `ok` or why not.
    static let checker = """
        import base64, hashlib, json, sys
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12
        entry = json.load(open(sys.argv[1]))
        key, cert, extra = pkcs12.load_key_and_certificates(base64.b64decode(entry["value"]), entry["pwd"].encode())
        seeded = serialization.load_pem_private_key(open(sys.argv[2], "rb").read(), None)
        assert key.private_numbers() == seeded.private_numbers(), "not the connection's key"
        der = cert.public_bytes(serialization.Encoding.DER)
        assert hashlib.sha1(der).hexdigest().upper() == sys.argv[3].replace(":", "").upper(), "not the connection's certificate"
        assert cert.public_key().public_numbers() == key.public_key().public_numbers()
        policy = entry["policy"]
        assert policy["key_props"] == {"exportable": True, "kty": "RSA", "key_size": key.key_size, "reuse_key": False}, policy
        assert policy["secret_props"] == {"contentType": "application/x-pkcs12"}, policy
        assert len(entry["pwd"]) >= 32, "a short password"
        print("ok")
        """

    /// The audit log's lines, as `spconnect log --json` prints them.
    static func auditText(_ home: StoreHome) throws -> String {
        try home.run(["log", "--json"]).stdout
    }

    @Test func theVaultReceivesAPFXThatOpensToTheConnectionsKeyAndCertificate() throws {
        let fixture = try VerifyHome()
        defer { fixture.remove() }
        let token = Self.token("keyVaultImport", fallback: 0x4B56_0001)
        let sim = try KeyVaultSim(token: token)
        // The token command has no shell syntax: it runs without a shell.
        let result = try fixture.home.run(sim.exportArguments(fixture.name, ["--token-command", "echo \(token)"]), VerifyHome.loopback)
        #expect(result.status == 0, "\(result)")
        let entry = try #require(sim.received.last)
        #expect(entry["tokenMatched"] as? Bool == true)
        #expect(entry["apiVersion"] as? String == "2025-07-01")
        #expect(entry["host"] as? String == "contoso-kv.vault.azure.net")
        #expect(entry["name"] as? String == fixture.name, "the default name is the connection's (seed-N fits the pattern)")
        let check = CLI.tool(Scripts.python, ["-c", Self.checker, try sim.lastRequestFile(), Fixtures.rsaKey,
                                              try #require(fixture.description["thumbprint"] as? String)])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check)")

        // The id and version printed are the ones Key Vault answered with.
        let id = try #require(result.stdout.firstMatch(of: /Certificate ID:  (https:\/\/contoso-kv\.vault\.azure\.net\/certificates\/[^\/\s]+\/([0-9a-f]{32}))/))
        #expect(result.stdout.contains("Version:         \(id.output.2)"), "\(result.stdout)")
        // The link is kept with the connection and show lists it.
        #expect(try fixture.home.sql("SELECT vaultURL || ' ' || certificateName || ' ' || versionID FROM keyvault_links")
                == "https://contoso-kv.vault.azure.net \(fixture.name) \(id.output.2)")
        let show = try fixture.home.run(["show", fixture.name])
        #expect(show.stdout.contains("Azure Key Vault:          \(id.output.1)"), "\(show)")
        let shown = try JSONSerialization.jsonObject(with: Data(try fixture.home.run(["show", fixture.name, "--json"]).stdout.utf8)) as? [String: Any]
        #expect((shown?["keyVault"] as? [String: Any])?["id"] as? String == String(id.output.1))

        // Neither the token nor the PFX's password shows anywhere; nothing was written beside the store.
        let password = try #require(entry["pwd"] as? String)
        let audit = try Self.auditText(fixture.home)
        #expect(audit.contains("Azure Key Vault \(id.output.1)"), "\(audit)")
        for secret in [token, password] {
            for text in [result.stdout, result.stderr, show.stdout, audit] { #expect(!text.contains(secret)) }
            for (path, bytes) in try fixture.home.files() { #expect(!bytes.contains(Data(secret.utf8)), "\(path) holds a secret") }
        }
    }

    @Test func theVariableGivesTheTokenAndASecondImportMakesANewVersionUnderTheGivenName() throws {
        let fixture = try VerifyHome()
        defer { fixture.remove() }
        let token = Self.token("keyVaultVariable", fallback: 0x4B56_0002)
        let sim = try KeyVaultSim(token: token)
        let environment = VerifyHome.loopback.merging(["SPCONNECT_KEYVAULT_TOKEN": token]) { $1 }
        var versions: [String] = []
        for _ in 0..<2 {
            let result = try fixture.home.run(sim.exportArguments(fixture.name, ["--certificate-name", "reports-app", "--json"]), environment)
            #expect(result.status == 0, "\(result)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
            #expect(document["certificateName"] as? String == "reports-app")
            #expect(document["vault"] as? String == "https://contoso-kv.vault.azure.net")
            let version = try #require(document["version"] as? String)
            #expect(document["id"] as? String == "https://contoso-kv.vault.azure.net/certificates/reports-app/\(version)")
            versions.append(version)
            #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
        }
        #expect(Set(versions).count == 2, "each import is a new version: \(versions)")
        #expect(try fixture.home.sql("SELECT versionID FROM keyvault_links") == versions[1])
        #expect(try fixture.home.sql("SELECT count(*) FROM keyvault_links") == "1")
    }

    @Test(arguments: [
        ("401", "keyVaultUnauthorized", "401 Unauthorized", "az account get-access-token --resource https://vault.azure.net"),
        ("403", "keyVaultForbidden", "403 Forbidden", "Key Vault Certificates Officer"),
        ("409", "keyVaultConflict", "409 Conflict", "az keyvault certificate recover --vault-name contoso-kv"),
    ])
    func aRefusalIsAClearErrorAndChangesNothing(_ status: String, code: String, message: String, hint: String) throws {
        let fixture = try VerifyHome()
        defer { fixture.remove() }
        let token = Self.token("keyVaultRefusal\(status)", fallback: 0x4B56_0003)
        let sim = try KeyVaultSim(token: token, fault: status == "401" ? "none" : status)
        // For the 401, the token given is not the one the vault accepts.
        let given = status == "401" ? Self.token("keyVaultRefusalOther", fallback: 0x4B56_0004) : token
        let auditBefore = try Self.auditText(fixture.home)
        let result = try fixture.home.run(sim.exportArguments(fixture.name, ["--json"]),
                                          VerifyHome.loopback.merging(["SPCONNECT_KEYVAULT_TOKEN": given]) { $1 })
        #expect(result.status == 1, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        let error = try #require(document["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect((error["message"] as? String)?.contains(message) == true, "\(error)")
        #expect((error["hint"] as? String)?.contains(hint) == true, "\(error)")
        #expect(result.stderr.contains("spconnect: hint: "), "\(result.stderr)")
        #expect(try fixture.home.sql("SELECT count(*) FROM keyvault_links") == "0")
        #expect(try Self.auditText(fixture.home) == auditBefore, "nothing is recorded")
        if status == "409" { #expect(result.stdout.contains("deleted but recoverable state"), "Key Vault's own words, filtered") }
        let password = sim.received.last?["pwd"] as? String
        for secret in [given, password].compactMap({ $0 }) {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test(arguments: [
        ("http://contoso-kv.vault.azure.net", "https://NAME.vault.azure.net"),
        ("https://contoso-kv.vault.usgovcloudapi.net", "vault.azure.net"),
        ("https://contoso-kv.vault.azure.cn", "vault.azure.net"),
        ("https://contoso-kv.vault.azure.net.example.com", "vault.azure.net"),
        ("https://contoso-kv.vault.azure.net/certificates", "no port, path or query"),
        ("https://kv.vault.azure.net", "3 to 24"),
    ])
    func aVaultOutsideTheConnectionsCloudIsAUsageError(_ vault: String, expected: String) throws {
        let fixture = try VerifyHome()
        defer { fixture.remove() }
        let token = Self.token("keyVaultBadURL", fallback: 0x4B56_0005)
        let sim = try KeyVaultSim(token: token)
        let before = try fixture.home.storeDigest()
        let result = try fixture.home.run(sim.exportArguments(fixture.name, vault: vault),
                                          VerifyHome.loopback.merging(["SPCONNECT_KEYVAULT_TOKEN": token]) { $1 })
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("spconnect: hint: "), "\(result.stderr)")
        #expect(sim.received.isEmpty, "nothing was sent")
        #expect(try fixture.home.storeDigest() == before)
    }

    @Test(arguments: [
        (["--token-command", "false"], "exited with status 1", "run it yourself"),
        (["--token-command", "true"], "its output was empty", "print the access token alone"),
        (["--token-command", "echo two words"], "not one access token", "print the access token alone"),
        (["--token-command", "spconnect-no-such-program --token"], "could not be started", "run it yourself"),
        (["--token-command", "exit 3 # a shell command"], "exited with status 3", "run it yourself"),
        (["--token-command", "sleep 30", "--timeout", "1"], "did not finish within 1 s", "run it yourself"),
        ([], "no Key Vault access token", "SPCONNECT_KEYVAULT_TOKEN"),
    ])
    func aTokenCommandThatGivesNoTokenIsAClearErrorNamingIt(_ extra: [String], message: String, hint: String) throws {
        let fixture = try VerifyHome()
        defer { fixture.remove() }
        let sim = try KeyVaultSim(token: Self.token("keyVaultTokenCommand", fallback: 0x4B56_0006))
        let started = Date()
        let result = try fixture.home.run(sim.exportArguments(fixture.name, extra), VerifyHome.loopback)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains(hint), "\(result.stderr)")
        if let command = extra.dropFirst().first { #expect(result.stderr.contains("(\(command))"), "the error names the command: \(result.stderr)") }
        #expect(Date().timeIntervalSince(started) < 20, "a hanging command is stopped")
        #expect(sim.received.isEmpty, "nothing was sent")
        #expect(try fixture.home.sql("SELECT count(*) FROM keyvault_links") == "0")
    }

    @Test func theTokenCommandDoesNotSeeSpconnectsSecrets() throws {
        let fixture = try VerifyHome()
        defer { fixture.remove() }
        let token = Self.token("keyVaultChildEnvironment", fallback: 0x4B56_0007)
        let sim = try KeyVaultSim(token: token)
        // A shell command: it prints the token only when no SPCONNECT_ variable reached it.
        let command = "env | grep -q '^SPCONNECT_' && echo leaked || printf '%s\\n' \(token)"
        let result = try fixture.home.run(sim.exportArguments(fixture.name, ["--token-command", command]), VerifyHome.loopback)
        #expect(result.status == 0, "\(result)")
        #expect(sim.received.last?["tokenMatched"] as? Bool == true)
    }
}
