// `spconnect cert inspect`: the same identifiers from every form of the certificate,
// and one clear error line for every file that is not one.
import Foundation
import Testing

@Suite("cert inspect")
struct CertInspectTests {
    let scratch = Scratch()

    /// Makes a certificate set in `out` and returns the thumbprint openssl computes for it.
    func makeSet(_ name: String, in out: String) throws -> String {
        let made = makeCertificate(name: name, out: out)
        try #require(made.status == 0, "\(made)")
        let sha1 = try #require(Convert.opensslValue(
            CLI.openssl("x509", "-in", "\(out)/\(name).cer", "-inform", "DER", "-noout", "-fingerprint", "-sha1").stdout, after: "Fingerprint="))
        return sha1.replacingOccurrences(of: ":", with: "")
    }

    @Test func everyFormShowsTheSameThumbprint() throws {
        let out = scratch.folder("out")
        let thumbprint = try makeSet("same", in: out)
        let sha256 = try #require(Convert.opensslValue(
            CLI.openssl("x509", "-in", "\(out)/same.pem", "-noout", "-fingerprint", "-sha256").stdout, after: "Fingerprint="))
        let passwordFile = scratch.writeSecret("pfx-password", Fixtures.password + "\n")

        let runs: [(String, [String], [String: String])] = [
            ("DER", ["\(out)/same.cer"], [:]),
            ("PEM", ["\(out)/same.pem"], [:]),
            ("PFX, password from the environment", ["\(out)/same.pfx"], Fixtures.passwordEnvironment),
            ("PFX, --password-file", ["\(out)/same.pfx", "--password-file", passwordFile], [:]),
        ]
        for (label, arguments, environment) in runs {
            let result = CLI.run(["cert", "inspect"] + arguments + ["--json"], environment: environment)
            #expect(result.status == 0, "\(label): \(result)")
            guard let summary = Summary.from(result) else { continue }
            #expect(summary.thumbprint == thumbprint, "\(label)")
            #expect(summary.sha256 == sha256, "\(label)")
            #expect(summary.subject == "CN=same", "\(label)")
            #expect(summary.keySize == 2048, "\(label)")
            #expect(summary.hasPrivateKey == label.hasPrefix("PFX"), "\(label)")
            #expect(summary.files.isEmpty, "\(label)")
            let text = CLI.run(["cert", "inspect"] + arguments, environment: environment)
            #expect(text.stdout.contains("Thumbprint (SHA-1): \(thumbprint)\n"), "\(label): \(text)")
        }
    }

    @Test func pfxMadeByOpenSSLIsRead() throws {
        let out = scratch.folder("out")
        let thumbprint = try makeSet("foreign", in: out)
        // An archive openssl writes itself (its defaults), from our PEM certificate and the shared key.
        let pfx = scratch.file("openssl.pfx")
        let exported = CLI.openssl("pkcs12", "-export", "-in", "\(out)/foreign.pem", "-inkey", Fixtures.rsaKey,
                                   "-passout", "pass:other password", "-out", pfx)
        try #require(exported.status == 0, "\(exported)")
        let result = CLI.run(["cert", "inspect", pfx, "--json"], environment: ["SPCONNECT_CERT_PASSWORD": "other password"])
        #expect(result.status == 0, "\(result)")
        #expect(Summary.from(result)?.thumbprint == thumbprint)
    }

    @Test func wrongOrMissingPfxPasswordIsOneError() throws {
        let out = scratch.folder("out")
        _ = try makeSet("locked", in: out)
        let pfx = "\(out)/locked.pfx"

        let wrong = CLI.run(["cert", "inspect", pfx], environment: ["SPCONNECT_CERT_PASSWORD": "not it"])
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.errorLines == ["spconnect: error: \(pfx): the PKCS#12 password is wrong"], "\(wrong)")
        #expect(!wrong.stderr.contains("not it"), "the password must not be echoed")

        let noTerminal = CLI.run(["cert", "inspect", pfx])
        #expect(noTerminal.status == 1, "\(noTerminal)")
        #expect(noTerminal.errorLines.count == 1 && noTerminal.errorLines[0].contains("no terminal"), "\(noTerminal)")

        let empty = CLI.run(["cert", "inspect", pfx, "--password-file", scratch.writeSecret("empty", "")])
        #expect(empty.status == 1, "\(empty)")
        #expect(empty.errorLines.count == 1 && empty.errorLines[0].contains("the password is empty"), "\(empty)")
    }

    /// A broken input file and the words its one error line must contain (besides the file name).
    struct BadFile: Sendable, CustomTestStringConvertible {
        let label: String
        let fileName: String
        let message: String
        var testDescription: String { label }
    }

    static let badFiles: [BadFile] = [
        BadFile(label: "random bytes", fileName: "garbage.cer", message: "not a certificate"),
        BadFile(label: "text", fileName: "notes.txt", message: "not a certificate"),
        BadFile(label: "empty file", fileName: "empty.cer", message: "the file is empty"),
        BadFile(label: "truncated DER", fileName: "cut.cer", message: "truncated"),
        BadFile(label: "truncated PFX", fileName: "cut.pfx", message: "truncated"),
        BadFile(label: "truncated PEM", fileName: "cut.pem", message: "truncated"),
        BadFile(label: "DER with trailing bytes", fileName: "long.cer", message: "unexpected bytes after the certificate"),
        BadFile(label: "private key only", fileName: "only.key.pem", message: "private key, not a certificate"),
        BadFile(label: "PEM without a certificate", fileName: "public.pem", message: "holds no certificate"),
        BadFile(label: "missing file", fileName: "missing.cer", message: "no such file"),
        BadFile(label: "a folder", fileName: "folder.cer", message: "is a folder"),
    ]

    @Test(arguments: badFiles)
    func badFileIsOneErrorLineNamingIt(_ bad: BadFile) throws {
        let out = scratch.folder("out")
        _ = try makeSet("src", in: out)
        let cer = scratch.bytes("\(out)/src.cer")
        let pfx = scratch.bytes("\(out)/src.pfx")
        let pem = scratch.bytes("\(out)/src.pem")
        switch bad.fileName {
        case "garbage.cer": scratch.write(bad.fileName, (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) })
        case "notes.txt": scratch.write(bad.fileName, "Directory (tenant) ID: not a certificate\n")
        case "empty.cer": scratch.write(bad.fileName, "")
        case "cut.cer": scratch.write(bad.fileName, Array(cer.prefix(cer.count / 2)))
        case "cut.pfx": scratch.write(bad.fileName, Array(pfx.prefix(pfx.count / 2)))
        case "cut.pem": scratch.write(bad.fileName, Array(pem.prefix(pem.count / 2)))
        case "long.cer": scratch.write(bad.fileName, cer + [0x00, 0x01, 0x02])
        case "only.key.pem": scratch.write(bad.fileName, scratch.bytes(Fixtures.rsaKey))
        case "public.pem": scratch.write(bad.fileName, CLI.openssl("pkey", "-in", Fixtures.rsaKey, "-pubout").stdout)
        case "folder.cer": scratch.folder(bad.fileName)
        default: break
        }
        let path = scratch.file(bad.fileName)
        let result = CLI.run(["cert", "inspect", path], environment: Fixtures.passwordEnvironment)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.errorLines.count == 1, "\(result)")
        let line = result.errorLines.first ?? ""
        #expect(line.hasPrefix("spconnect: error: \(path): "), "the line names the file first:\n\(result)")
        #expect(line.contains(bad.message), "expected “\(bad.message)”:\n\(result)")
        // Nothing but the error and at most one hint.
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 + result.hintLines.count && result.hintLines.count <= 1, "\(result)")
    }
}
