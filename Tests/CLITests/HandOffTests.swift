// `show` prints ready-to-paste use of what `export` writes; the exported files are then
// opened by the tools themselves: Python's cryptography, and MSAL Python's own assertion
// code (scripts/handoff_check.py), whose assertions the stub token endpoint accepts.
import Foundation
import Testing
import TestSupport

@Suite("hand-off to PnP PowerShell, CLI for Microsoft 365 and MSAL")
struct HandOffTests {
    /// The value after `label` on the line of `text` that holds it, up to `terminator`.
    func value(in text: String, after label: String, upTo terminator: Character = "\"") -> String? {
        guard let range = text.range(of: label) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != terminator && $0 != "\n" })
    }

    @Test func showPrintsEachToolsSnippetWithTheConnectionsValues() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let result = try connection.home.run(["show", connection.name])
        #expect(result.status == 0, "\(result)")
        let text = result.stdout
        let name = connection.name
        let thumbprint = connection.description["thumbprint"] as? String ?? "?"
        let sha256 = (connection.description["thumbprintSHA256"] as? String ?? "?").replacingOccurrences(of: ":", with: "")
        let site = (connection.description["sites"] as? [String])?.first ?? "?"
        #expect(text.contains("  spconnect export \(name) --format pfx --out \(name).pfx\n"), "\(text)")
        #expect(text.contains("  spconnect export \(name) --format pem --out \(name).pem\n"), "\(text)")
        #expect(text.contains("  Connect-PnPOnline -Url \(site) -ClientId \(VerifyHome.client) -Tenant \(VerifyHome.tenant) -CertificatePath ./\(name).pfx -CertificatePassword (Read-Host -AsSecureString -Prompt \"Password for \(name).pfx\")\n"), "\(text)")
        #expect(text.contains("  m365 login --authType certificate --certificateFile ./\(name).pfx --password \"$SPCONNECT_CERT_PASSWORD\" --appId \(VerifyHome.client) --tenant \(VerifyHome.tenant)\n"), "\(text)")
        #expect(text.contains("authority=\"https://login.microsoftonline.com/\(VerifyHome.tenant)\""), "\(text)")
        #expect(text.contains("\"thumbprint\": \"\(thumbprint)\","), "\(text)")
        #expect(text.contains("scopes=[\"https://contoso.sharepoint.com/.default\"]"), "\(text)")
        #expect(text.contains("clientCertificate: { thumbprintSha256: \"\(sha256)\", privateKey }"), "\(text)")
        #expect(!text.contains("-AzureEnvironment") && !text.contains("--cloud"), "the global cloud needs neither")
        #expect(!text.contains("correct horse"))
        // --json stays the connection's description only.
        let json = try connection.home.run(["show", connection.name, "--json"])
        #expect(!json.stdout.contains("Connect-PnPOnline"))
    }

    @Test func exportedFilesOpenInCryptographyAndMSALSignsAssertionsTheStubAccepts() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let password = ["SPCONNECT_CERT_PASSWORD": "hand-off password"]
        let pem = connection.home.root.appendingPathComponent("c.pem").path
        let pfx = connection.home.root.appendingPathComponent("c.pfx").path
        #expect(try connection.home.run(["export", connection.name, "--format", "pem", "--out", pem], password).status == 0)
        #expect(try connection.home.run(["export", connection.name, "--format", "pfx", "--out", pfx], password).status == 0)
        let shown = try connection.home.run(["show", connection.name]).stdout
        let thumbprint = try #require(value(in: shown, after: "\"thumbprint\": \""))
        let sha256 = try #require(value(in: shown, after: "thumbprintSha256: \""))

        let stub = try EntraStub(app: connection.app)
        let check = CLI.tool(testPython, [Scripts.path("handoff_check.py"), "--pem", pem, "--pfx", pfx,
                                              "--password-env", "SPCONNECT_CERT_PASSWORD", "--thumbprint", thumbprint, "--sha256", sha256,
                                              "--client-id", VerifyHome.client, "--audience", stub.tokenURL(VerifyHome.tenant),
                                              "--token-url", stub.tokenURL(VerifyHome.tenant), "--scope", "https://\(stub.host)/.default",
                                              "--ca", stub.ca],
                             environment: password.merging(VerifyHome.loopback) { $1 })
        try #require(check.status == 0, "\(check)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check)")
        #expect(report["certificate_sha1"] as? String == thumbprint, "show's thumbprint is the PEM certificate's SHA-1")
        #expect(report["certificate_sha256"] as? String == sha256, "MSAL Node's thumbprintSha256 is its SHA-256")
        #expect(report["pem_key_bits"] as? Int == 2048)
        #expect(report["pem_key_matches"] as? Bool == true)
        #expect(report["pem_wrong_password_refused"] as? Bool == true)
        #expect(report["pfx_key_matches"] as? Bool == true)
        #expect(report["pfx_certificate_is_pem_certificate"] as? Bool == true)
        let msal = try #require(report["msal"] as? [String: [String: Any]])
        for (algorithm, header) in [("RS256", "x5t"), ("PS256", "x5t#S256")] {
            let entry = try #require(msal[algorithm], "\(algorithm)")
            let fields = entry["header"] as? [String: Any]
            #expect(fields?["alg"] as? String == algorithm)
            #expect(fields?[header] != nil, "\(algorithm) names the certificate with \(header)")
            #expect(entry["signature_verifies"] as? Bool == true, "\(algorithm): \(entry)")
            let answer = entry["stub"] as? [String: Any]
            #expect(answer?["status"] as? Int == 200 && answer?["token_type"] as? String == "Bearer", "\(algorithm): \(entry)")
        }
    }

    @Test func msalNodesKeyStepDecryptsTheExportedPEM() throws {
        guard CLI.which("node") != nil else {
            Issue.record("node is not installed; the MSAL Node snippet's key step cannot be checked")
            return
        }
        let connection = try VerifyHome()
        defer { connection.remove() }
        let password = ["SPCONNECT_CERT_PASSWORD": "node password"]
        let pem = connection.home.root.appendingPathComponent("\(connection.name).pem").path
        #expect(try connection.home.run(["export", connection.name, "--format", "pem", "--out", pem], password).status == 0)
        // The snippet's own lines, up to the MSAL constructor (which needs @azure/msal-node).
        let shown = try connection.home.run(["show", connection.name]).stdout
        let sha256 = try #require(value(in: shown, after: "thumbprintSha256: \""))
        let script = """
            const fs = require("fs"), crypto = require("crypto");
            const pem = fs.readFileSync(\(String(reflecting: pem)), "utf8");
            const privateKey = crypto.createPrivateKey({ key: pem, passphrase: process.env.SPCONNECT_CERT_PASSWORD })
              .export({ format: "pem", type: "pkcs8" });
            const cert = new crypto.X509Certificate(pem);
            console.log(JSON.stringify({ key: privateKey.startsWith("-----BEGIN PRIVATE KEY-----"),
              matches: cert.checkPrivateKey(crypto.createPrivateKey(privateKey)), sha256: cert.fingerprint256.replace(/:/g, "") }));
            """
        let run = CLI.tool("node", ["-e", script], environment: password)
        try #require(run.status == 0, "\(run)")
        #expect(run.stdout.contains("\"key\":true") && run.stdout.contains("\"matches\":true"), "\(run)")
        #expect(run.stdout.contains("\"sha256\":\"\(sha256)\""), "\(run)")
    }
}
