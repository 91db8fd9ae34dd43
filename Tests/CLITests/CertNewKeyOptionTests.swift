// `spconnect cert new --key FILE`: an existing RSA key instead of a generated one.
import Foundation
import Testing

@Suite("cert new --key")
struct CertNewKeyOptionTests {
    let scratch = Scratch()

    /// `openssl x509 -pubkey` of the certificate equals `openssl pkey -pubout` of the key.
    func expectCertificateCarries(key: String, keyPassword: String? = nil, certificate: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        var arguments = ["pkey", "-in", key, "-pubout"]
        if let keyPassword { arguments += ["-passin", "pass:\(keyPassword)"] }
        let keyPublic = CLI.tool("openssl", arguments)
        let certificatePublic = CLI.openssl("x509", "-in", certificate, "-noout", "-pubkey")
        #expect(keyPublic.status == 0 && certificatePublic.status == 0, "\(keyPublic)\n\(certificatePublic)", sourceLocation: sourceLocation)
        #expect(keyPublic.stdout.hasPrefix("-----BEGIN PUBLIC KEY-----") && keyPublic.stdout == certificatePublic.stdout,
                sourceLocation: sourceLocation)
    }

    /// Writes an encrypted copy of the shared key (PKCS#8, AES-256) and returns its path.
    func encryptedKey(password: String) throws -> String {
        let path = scratch.file("encrypted.key.pem")
        let made = CLI.openssl("pkcs8", "-topk8", "-in", Fixtures.rsaKey, "-v2", "aes-256-cbc", "-passout", "pass:\(password)", "-out", path)
        try #require(made.status == 0, "\(made)")
        return path
    }

    @Test func usesAnUnencryptedKey() throws {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "plain", out: out)
        try #require(result.status == 0, "\(result)")
        #expect(!result.stderr.contains("Generating"), "no key is generated:\n\(result)")
        expectCertificateCarries(key: Fixtures.rsaKey, certificate: "\(out)/plain.pem")
        // The key written next to the certificate is the given key, now encrypted.
        expectCertificateCarries(key: "\(out)/plain.key.pem", keyPassword: Fixtures.password, certificate: "\(out)/plain.pem")
    }

    @Test func usesAnEncryptedKeyWithKeyPasswordFile() throws {
        let out = scratch.folder("out")
        let key = try encryptedKey(password: "key secret")
        let keyPasswordFile = scratch.writeSecret("key-password", "key secret\n")
        let result = CLI.run(["cert", "new", "--name", "enc", "--out", out, "--key", key, "--key-password-file", keyPasswordFile],
                             environment: Fixtures.passwordEnvironment)
        try #require(result.status == 0, "\(result)")
        expectCertificateCarries(key: Fixtures.rsaKey, certificate: "\(out)/enc.pem")
        // The new files use the certificate password, not the key's.
        #expect(CLI.openssl("pkcs12", "-in", "\(out)/enc.pfx", "-passin", "pass:\(Fixtures.password)", "-noout").status == 0)
    }

    @Test func usesAnEncryptedKeyWithKeyPasswordVariable() throws {
        let out = scratch.folder("out")
        let key = try encryptedKey(password: "key secret")
        var environment = Fixtures.passwordEnvironment
        environment["SPCONNECT_KEY_PASSWORD"] = "key secret"
        let result = CLI.run(["cert", "new", "--name", "env", "--out", out, "--key", key], environment: environment)
        try #require(result.status == 0, "\(result)")
        expectCertificateCarries(key: Fixtures.rsaKey, certificate: "\(out)/env.pem")
    }

    @Test func usesATraditionalEncryptedRSAKey() throws {
        let out = scratch.folder("out")
        let key = scratch.file("traditional.key.pem")
        let made = CLI.openssl("rsa", "-in", Fixtures.rsaKey, "-traditional", "-aes256", "-passout", "pass:old style", "-out", key)
        try #require(made.status == 0, "\(made)")
        #expect(String(decoding: scratch.bytes(key), as: UTF8.self).hasPrefix("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED"))
        var environment = Fixtures.passwordEnvironment
        environment["SPCONNECT_KEY_PASSWORD"] = "old style"
        let result = CLI.run(["cert", "new", "--name", "trad", "--out", out, "--key", key], environment: environment)
        try #require(result.status == 0, "\(result)")
        expectCertificateCarries(key: Fixtures.rsaKey, certificate: "\(out)/trad.pem")
    }

    @Test func refusesAWrongKeyPassword() throws {
        let out = scratch.folder("out")
        let key = try encryptedKey(password: "key secret")
        var environment = Fixtures.passwordEnvironment
        environment["SPCONNECT_KEY_PASSWORD"] = "not the key secret"
        let result = CLI.run(["cert", "new", "--name", "w", "--out", out, "--key", key], environment: environment)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("\(key): the key's password is wrong"), "\(result)")
        #expect(!result.stderr.contains("not the key secret"))
        #expect(scratch.listing(out).isEmpty)
    }

    @Test func refusesAnEncryptedKeyWithoutAPasswordSource() throws {
        let out = scratch.folder("out")
        let key = try encryptedKey(password: "key secret")
        let result = CLI.run(["cert", "new", "--name", "w", "--out", out, "--key", key], environment: Fixtures.passwordEnvironment)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("no terminal"), "\(result)")
        #expect(result.hintLines.first?.contains("--key-password-file") == true, "\(result)")
        #expect(scratch.listing(out).isEmpty)
    }

    /// Keys that are not usable, and the words of the one error line about each.
    @Test(arguments: [
        ("ed25519", "the key is not an RSA key"),
        ("ec", "the key is not an RSA key"),
        ("rsa1024", "1024 bits; at least 2048"),
        ("certificate", "not a PEM private key"),
        ("garbage", "not a PEM private key"),
        ("missing", "no such file"),
    ])
    func refusesUnusableKeys(kind: String, message: String) throws {
        let out = scratch.folder("out")
        let key = scratch.file("\(kind).key.pem")
        switch kind {
        case "ed25519": #expect(CLI.openssl("genpkey", "-algorithm", "ed25519", "-out", key).status == 0)
        case "ec": #expect(CLI.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key).status == 0)
        case "rsa1024": #expect(CLI.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", key).status == 0)
        case "certificate":
            #expect(CLI.openssl("req", "-x509", "-key", Fixtures.rsaKey, "-subj", "/CN=x", "-days", "1", "-out", key).status == 0)
        case "garbage": scratch.write("\(kind).key.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")
        default: break
        }
        let result = CLI.run(["cert", "new", "--name", "bad", "--out", out, "--key", key], environment: Fixtures.passwordEnvironment)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1, "\(result)")
        let line = result.errorLines.first ?? ""
        #expect(line.contains(key) && line.contains(message), "expected “\(message)” about \(key):\n\(result)")
        #expect(scratch.listing(out).isEmpty)
    }
}
