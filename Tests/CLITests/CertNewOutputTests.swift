// `spconnect cert new`: what it writes, checked by openssl and pkilint rather than by our own code.
import Foundation
import Testing
import TestSupport

/// Runs `cert new --name NAME --out OUT --json` with the shared password (and, unless
/// `generateKey`, the shared openssl-made key so no key is generated).
func makeCertificate(name: String, out: String, extra: [String] = [], generateKey: Bool = false,
                     environment: [String: String] = Fixtures.passwordEnvironment) -> RunResult {
    var arguments = ["cert", "new", "--name", name, "--out", out, "--json"]
    if !generateKey { arguments += ["--key", Fixtures.rsaKey] }
    return CLI.run(arguments + extra, environment: environment)
}

/// Parses `notBefore=2026-11-26 14:47:27Z` lines of `openssl x509 -dates -dateopt iso_8601`.
func opensslDates(_ certificate: String) -> (notBefore: Date, notAfter: Date)? {
    let result = CLI.openssl("x509", "-in", certificate, "-noout", "-dates", "-dateopt", "iso_8601")
    let format = ISO8601DateFormatter()
    func date(_ marker: String) -> Date? {
        Convert.opensslValue(result.stdout, after: marker).flatMap { format.date(from: $0.replacingOccurrences(of: " ", with: "T")) }
    }
    guard let notBefore = date("notBefore="), let notAfter = date("notAfter=") else {
        Issue.record("cannot read the dates openssl printed: \(result)")
        return nil
    }
    return (notBefore, notAfter)
}

@Suite("cert new output, checked by openssl")
struct CertNewOutputTests {
    let scratch = Scratch()

    /// The one test that generates a default (RSA-3072) key; every other test uses `--key`.
    @Test func defaultCertificateHasTheRequiredFieldsAndExtensions() throws {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "contoso-reports", out: out, generateKey: true)
        try #require(result.status == 0, "\(result)")
        let summary = try #require(Summary.from(result))
        #expect(summary.keySize == 3072)

        let text = CLI.openssl("x509", "-in", "\(out)/contoso-reports.cer", "-inform", "DER", "-noout", "-text")
        try #require(text.status == 0, "\(text)")
        let dump = text.stdout
        #expect(dump.contains("Version: 3 (0x2)"))
        // Once in the TBS, once for the outer signature.
        #expect(dump.components(separatedBy: "Signature Algorithm: sha256WithRSAEncryption").count == 3, "\(dump)")
        #expect(dump.contains("Public Key Algorithm: rsaEncryption"))
        #expect(dump.contains("Public-Key: (3072 bit)"))
        #expect(dump.contains("Subject: CN = contoso-reports\n"))
        #expect(dump.contains("Issuer: CN = contoso-reports\n"))
        #expect(dump.contains(#/X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/#))
        #expect(dump.contains(#/X509v3 Key Usage: critical\n\s+Digital Signature\n/#))
        #expect(dump.contains(#/X509v3 Extended Key Usage: *\n\s+TLS Web Client Authentication\n/#))
        #expect(!dump.contains("Extended Key Usage: critical"))
        let ski = try #require(dump.firstMatch(of: #/X509v3 Subject Key Identifier: *\n\s+([0-9A-F:]{59})\n/#)).1
        let aki = try #require(dump.firstMatch(of: #/X509v3 Authority Key Identifier: *\n\s+(?:keyid:)?([0-9A-F:]{59})\n/#)).1
        #expect(ski == aki, "self-signed: the AKI names the certificate's own key")
        #expect(dump.components(separatedBy: "X509v3 ").count - 1 == 6, "exactly five extensions (plus the 'X509v3 extensions:' header)")
    }

    @Test func printedIdentifiersEqualOpenSSLsFingerprints() throws {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "fp", out: out)
        try #require(result.status == 0, "\(result)")
        let summary = try #require(Summary.from(result))
        let pem = "\(out)/fp.pem"

        let sha1 = try #require(Convert.opensslValue(CLI.openssl("x509", "-in", pem, "-noout", "-fingerprint", "-sha1").stdout, after: "Fingerprint="))
        let sha256 = try #require(Convert.opensslValue(CLI.openssl("x509", "-in", pem, "-noout", "-fingerprint", "-sha256").stdout, after: "Fingerprint="))
        let serial = try #require(Convert.opensslValue(CLI.openssl("x509", "-in", pem, "-noout", "-serial").stdout, after: "serial="))

        #expect(summary.thumbprint.wholeMatch(of: #/[0-9A-F]{40}/#) != nil, "the Entra portal's form: 40 upper-case hex digits")
        #expect(summary.thumbprint == sha1.replacingOccurrences(of: ":", with: ""))
        #expect(summary.sha256 == sha256)
        #expect(summary.x5t == Convert.base64URL(Convert.bytes(hex: sha1)))
        #expect(summary.x5tS256 == Convert.base64URL(Convert.bytes(hex: sha256)))
        #expect(summary.x5t.count == 27 && summary.x5tS256.count == 43)
        #expect(summary.serial.replacingOccurrences(of: ":", with: "") == serial)
        #expect(summary.subject == "CN=fp" && summary.issuer == "CN=fp" && summary.selfSigned)
        #expect(summary.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(summary.keySize == 2048)
        #expect(summary.hasPrivateKey)
        #expect(summary.warnings.isEmpty)
        let names = ["fp.cer", "fp.pem", "fp.key.pem", "fp.pfx", "fp.keycredential.json"]
        #expect(summary.files == names.map { "\(out)/\($0)" })
        #expect(scratch.listing(out) == names.sorted(), "the five files and nothing else (no temporaries)")

        // The .cer is the DER of the .pem.
        let derFromPEM = scratch.file("from-pem.der")
        #expect(CLI.openssl("x509", "-in", pem, "-outform", "DER", "-out", derFromPEM).status == 0)
        #expect(scratch.bytes(derFromPEM) == scratch.bytes("\(out)/fp.cer"))
    }

    @Test func textOutputShowsThumbprintAndFiles() throws {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--name", "txt", "--out", out, "--key", Fixtures.rsaKey],
                             environment: Fixtures.passwordEnvironment)
        try #require(result.status == 0, "\(result)")
        let sha1 = try #require(Convert.opensslValue(CLI.openssl("x509", "-in", "\(out)/txt.cer", "-inform", "DER", "-noout", "-fingerprint", "-sha1").stdout, after: "Fingerprint="))
        let thumbprint = sha1.replacingOccurrences(of: ":", with: "")
        #expect(result.stdout.contains("Thumbprint (SHA-1): \(thumbprint)\n"), "\(result)")
        #expect(result.stdout.contains("Subject:            CN=txt\n"))
        #expect(result.stdout.contains("Key:                RSA 2048 bits, sha256WithRSAEncryption\n"))
        for name in ["txt.cer", "txt.pem", "txt.key.pem", "txt.pfx", "txt.keycredential.json"] {
            #expect(result.stdout.contains("  \(out)/\(name)\n"))
        }
        #expect(result.errorLines.isEmpty && result.warningLines.isEmpty)
    }

    @Test func pfxOpensWithThePasswordOnlyAndHoldsTheMatchingKey() throws {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "p12", out: out)
        try #require(result.status == 0, "\(result)")
        let pfx = "\(out)/p12.pfx"

        let right = CLI.openssl("pkcs12", "-in", pfx, "-passin", "pass:\(Fixtures.password)", "-noout")
        #expect(right.status == 0, "\(right)")
        let wrong = CLI.openssl("pkcs12", "-in", pfx, "-passin", "pass:not the password", "-noout")
        #expect(wrong.status != 0, "\(wrong)")
        #expect(wrong.stderr.contains("Mac verify error"), "\(wrong)")
        let none = CLI.openssl("pkcs12", "-in", pfx, "-passin", "pass:", "-noout")
        #expect(none.status != 0, "\(none)")

        // AES-256-CBC under PBKDF2 for both bags, SHA-256 MAC.
        let info = CLI.openssl("pkcs12", "-in", pfx, "-passin", "pass:\(Fixtures.password)", "-noout", "-info")
        #expect(info.stderr.contains("MAC: sha256"), "\(info)")
        #expect(info.stderr.components(separatedBy: "PBES2, PBKDF2, AES-256-CBC").count == 3, "\(info)")

        // The PFX's certificate is the .cer, and its key is the certificate's key.
        let certificate = scratch.file("from-pfx.pem")
        #expect(CLI.openssl("pkcs12", "-in", pfx, "-passin", "pass:\(Fixtures.password)", "-nokeys", "-clcerts", "-out", certificate).status == 0)
        let fromPFX = CLI.openssl("x509", "-in", certificate, "-noout", "-fingerprint", "-sha256").stdout
        let fromCer = CLI.openssl("x509", "-in", "\(out)/p12.cer", "-inform", "DER", "-noout", "-fingerprint", "-sha256").stdout
        #expect(!fromPFX.isEmpty && fromPFX == fromCer)
        let key = scratch.file("from-pfx.key")
        #expect(CLI.openssl("pkcs12", "-in", pfx, "-passin", "pass:\(Fixtures.password)", "-nocerts", "-noenc", "-out", key).status == 0)
        let keyPublic = CLI.openssl("pkey", "-in", key, "-pubout").stdout
        let certificatePublic = CLI.openssl("x509", "-in", "\(out)/p12.pem", "-noout", "-pubkey").stdout
        #expect(keyPublic.contains("BEGIN PUBLIC KEY") && keyPublic == certificatePublic)

        #expect(Convert.mode(pfx) == 0o600)
    }

    @Test func keyFileIsEncryptedPKCS8AndPrivate() throws {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "k", out: out)
        try #require(result.status == 0, "\(result)")
        let keyPath = "\(out)/k.key.pem"
        let pem = String(decoding: scratch.bytes(keyPath), as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))

        let opened = CLI.openssl("pkey", "-in", keyPath, "-passin", "pass:\(Fixtures.password)", "-pubout")
        #expect(opened.status == 0, "\(opened)")
        let certificatePublic = CLI.openssl("x509", "-in", "\(out)/k.pem", "-noout", "-pubkey").stdout
        #expect(opened.stdout == certificatePublic)
        let wrong = CLI.openssl("pkey", "-in", keyPath, "-passin", "pass:wrong", "-pubout")
        #expect(wrong.status != 0)

        let structure = CLI.openssl("asn1parse", "-in", keyPath).stdout
        #expect(structure.contains("PBES2") && structure.contains("PBKDF2") && structure.contains("aes-256-cbc"), "\(structure)")

        #expect(Convert.mode(keyPath) == 0o600)
        #expect(Convert.mode("\(out)/k.pfx") == 0o600)
        for name in ["k.cer", "k.pem", "k.keycredential.json"] {
            #expect(Convert.mode("\(out)/\(name)") == 0o644, "\(name)")
        }
    }

    @Test func passwordFileIsUsedWithoutItsTrailingNewline() throws {
        let out = scratch.folder("out")
        let passwordFile = scratch.writeSecret("password", "from a file 42\n")
        let result = CLI.run(["cert", "new", "--name", "pf", "--out", out, "--key", Fixtures.rsaKey, "--password-file", passwordFile, "--json"],
                             environment: ["SPCONNECT_CERT_PASSWORD": "the environment loses to the file"])
        try #require(result.status == 0, "\(result)")
        #expect(CLI.openssl("pkcs12", "-in", "\(out)/pf.pfx", "-passin", "pass:from a file 42", "-noout").status == 0)
        #expect(CLI.openssl("pkey", "-in", "\(out)/pf.key.pem", "-passin", "pass:from a file 42", "-noout").status == 0)
    }

    @Test func writesIntoTheCurrentFolderByDefault() throws {
        let result = CLI.run(["cert", "new", "--name", "here", "--key", Fixtures.rsaKey, "--json"],
                             environment: Fixtures.passwordEnvironment, cwd: scratch.path)
        try #require(result.status == 0, "\(result)")
        #expect(scratch.listing() == ["here.cer", "here.key.pem", "here.keycredential.json", "here.pem", "here.pfx"])
        #expect(Summary.from(result)?.files == ["./here.cer", "./here.pem", "./here.key.pem", "./here.pfx", "./here.keycredential.json"])
    }

    @Test func insecureNoKeyPasswordWritesPlainKeysLoudly() throws {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--name", "plain", "--out", out, "--key", Fixtures.rsaKey, "--insecure-no-key-password"])
        try #require(result.status == 0, "\(result)")
        #expect(result.warningLines.count == 1 && result.warningLines[0].contains("unencrypted"), "\(result)")
        #expect(String(decoding: scratch.bytes("\(out)/plain.key.pem"), as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(CLI.openssl("pkey", "-in", "\(out)/plain.key.pem", "-noout").status == 0)
        #expect(CLI.openssl("pkcs12", "-in", "\(out)/plain.pfx", "-passin", "pass:", "-noout").status == 0)
        #expect(Convert.mode("\(out)/plain.key.pem") == 0o600 && Convert.mode("\(out)/plain.pfx") == 0o600)
        // Such an archive opens without asking for a password.
        let inspected = CLI.run(["cert", "inspect", "\(out)/plain.pfx", "--json"])
        #expect(inspected.status == 0, "\(inspected)")
        #expect(Summary.from(inspected)?.hasPrivateKey == true)
    }

    @Test func keyCredentialFileMatchesTheCertificate() throws {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "kc", out: out)
        try #require(result.status == 0, "\(result)")
        let summary = try #require(Summary.from(result))
        let object = try JSONSerialization.jsonObject(with: Data(scratch.bytes("\(out)/kc.keycredential.json")))
        let document = try #require(object as? [String: [String: String]])
        #expect(document.keys.sorted() == ["keyCredential", "manifestKeyCredential"])
        let graph = try #require(document["keyCredential"])
        let manifest = try #require(document["manifestKeyCredential"])
        // Microsoft Graph keyCredential resource; legacy manifest keyCredentials entry.
        #expect(graph.keys.sorted() == ["displayName", "endDateTime", "key", "keyId", "startDateTime", "type", "usage"])
        #expect(manifest.keys.sorted() == ["customKeyIdentifier", "keyId", "type", "usage", "value"])

        let der = scratch.bytes("\(out)/kc.cer")
        #expect(Data(base64Encoded: graph["key"] ?? "").map(Array.init) == der)
        #expect(Data(base64Encoded: manifest["value"] ?? "").map(Array.init) == der)
        let sha1 = try #require(Convert.opensslValue(CLI.openssl("x509", "-in", "\(out)/kc.pem", "-noout", "-fingerprint", "-sha1").stdout, after: "Fingerprint="))
        #expect(Data(base64Encoded: manifest["customKeyIdentifier"] ?? "").map(Array.init) == Convert.bytes(hex: sha1))
        #expect(graph["type"] == "AsymmetricX509Cert" && manifest["type"] == "AsymmetricX509Cert")
        #expect(graph["usage"] == "Verify" && manifest["usage"] == "Verify")
        let keyId = try #require(graph["keyId"])
        #expect(keyId.wholeMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#) != nil, "\(keyId)")
        #expect(manifest["keyId"] == keyId)
        #expect(graph["displayName"] == "CN=kc")
        #expect(graph["startDateTime"] == summary.notBefore && graph["endDateTime"] == summary.notAfter)
        let dates = try #require(opensslDates("\(out)/kc.pem"))
        #expect(ISO8601DateFormatter().date(from: graph["startDateTime"] ?? "") == dates.notBefore)
        #expect(ISO8601DateFormatter().date(from: graph["endDateTime"] ?? "") == dates.notAfter)
    }

    @Test(arguments: [1, 365, 400, 3650])
    func validityIsNotBeforeFiveMinutesAgoPlusDays(days: Int) throws {
        let out = scratch.folder("out")
        let started = Date()
        let result = makeCertificate(name: "v\(days)", out: out, extra: ["--days", String(days)])
        let finished = Date()
        try #require(result.status == 0, "\(result)")
        let dates = try #require(opensslDates("\(out)/v\(days).pem"))
        // notBefore = now - 5 min, to the second (ASN.1 times have no fraction).
        #expect(dates.notBefore >= started.addingTimeInterval(-300 - 1) && dates.notBefore <= finished.addingTimeInterval(-300 + 1),
                "notBefore \(dates.notBefore), run \(started)…\(finished)")
        #expect(dates.notAfter.timeIntervalSince(dates.notBefore) == Double(days) * 86_400)
        let summary = try #require(Summary.from(result))
        if days > 365 {
            #expect(result.warningLines.count == 1, "\(result)")
            #expect(result.warningLines.first?.contains("Microsoft Graph") == true, "\(result)")
            #expect(summary.warnings.count == 1 && summary.warnings[0].contains("Microsoft Graph"))
        } else {
            #expect(result.warningLines.isEmpty, "\(result)")
            #expect(summary.warnings.isEmpty)
        }
    }

    @Test func hundredCertificatesHaveHundredDistinctSerials() throws {
        let out = scratch.folder("out")
        var bundle = ""
        for index in 0..<100 {
            let result = CLI.run(["cert", "new", "--name", "s\(index)", "--out", out, "--key", Fixtures.rsaKey, "--json"],
                                 environment: Fixtures.passwordEnvironment)
            try #require(result.status == 0, "\(result)")
            bundle += String(decoding: scratch.bytes("\(out)/s\(index).pem"), as: UTF8.self)
        }
        // One openssl pass over all 100 certificates: each serial as openssl reads it.
        let bundlePath = scratch.write("all.pem", bundle)
        let p7 = scratch.file("all.p7b")
        #expect(CLI.openssl("crl2pkcs7", "-nocrl", "-certfile", bundlePath, "-out", p7).status == 0)
        let dump = CLI.openssl("pkcs7", "-in", p7, "-print_certs", "-text", "-noout").stdout
        let serials = dump.matches(of: #/Serial Number:\s*\n\s*([0-9a-f:]+)\n/#).map { String($0.1) }
        #expect(serials.count == 100, "\(serials.count) serials read")
        #expect(Set(serials).count == 100, "duplicates among \(serials)")
        for serial in serials {
            // 20 bytes, no leading zero byte, positive (top bit clear): as DER INTEGER exactly 20 content bytes.
            let bytes = Convert.bytes(hex: serial)
            #expect(bytes.count == 20 && bytes[0] != 0 && bytes[0] < 0x80, "\(serial)")
        }
        #expect(!dump.contains("(Negative)"))
    }

    @Test func pkilintReportsNoError() throws {
        let venvLint = testVirtualEnvironment + "/bin/lint_pkix_cert"
        let lint = try #require(FileManager.default.isExecutableFile(atPath: venvLint) ? venvLint : CLI.which("lint_pkix_cert"), "pkilint's lint_pkix_cert is not on PATH: run scripts/deps.sh test")
        let out = scratch.folder("out")
        let result = makeCertificate(name: "linted", out: out)
        try #require(result.status == 0, "\(result)")
        let report = CLI.tool(lint, ["lint", "-s", "ERROR", "\(out)/linted.pem"])
        #expect(report.status == 0, "\(report)")
        #expect(report.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(report)")

        // The linter does find errors: a certificate with serial 0 and no keyUsage.
        let bad = scratch.file("bad.pem")
        #expect(CLI.openssl("req", "-x509", "-key", Fixtures.rsaKey, "-subj", "/CN=bad", "-days", "1", "-set_serial", "0", "-out", bad).status == 0)
        let badReport = CLI.tool(lint, ["lint", "-s", "ERROR", bad])
        #expect(badReport.status != 0 && badReport.stdout.contains("serial_number"), "\(badReport)")
    }
}
