// `spconnect cert new` on bad input: each refusal has its own clear error, a non-zero
// exit, and leaves no file behind, also when the failure comes after files were written.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A bad command line and what spconnect must say about it.
struct Refusal: Sendable, CustomTestStringConvertible {
    let label: String
    /// Arguments after `cert new --out OUT`.
    let arguments: [String]
    /// Text the one error line must contain.
    let message: String
    let status: Int32

    var testDescription: String { label }
    /// Refused by the argument parser itself (its own message form), not by spconnect's checks.
    var byParser: Bool { message.hasPrefix("--") || message == "contradict" }

    static let all: [Refusal] = [
        Refusal(label: "key size 1024", arguments: ["--name", "a", "--key-size", "1024"], message: "key size 1024 is not allowed", status: 2),
        Refusal(label: "key size 512", arguments: ["--name", "a", "--key-size", "512"], message: "key size 512 is not allowed", status: 2),
        Refusal(label: "key size 8192", arguments: ["--name", "a", "--key-size", "8192"], message: "key size 8192 is not allowed", status: 2),
        Refusal(label: "0 days", arguments: ["--name", "a", "--days", "0"], message: "validity of 0 days is not allowed", status: 2),
        Refusal(label: "-5 days", arguments: ["--name", "a", "--days", "-5"], message: "validity of -5 days is not allowed", status: 2),
        Refusal(label: "--days=-5", arguments: ["--name", "a", "--days=-5"], message: "validity of -5 days is not allowed", status: 2),
        Refusal(label: "3651 days", arguments: ["--name", "a", "--days", "3651"], message: "validity of 3651 days is not allowed", status: 2),
        Refusal(label: "name with /", arguments: ["--name", "a/b"], message: "the name contains a path separator", status: 2),
        Refusal(label: "name ../x", arguments: ["--name", "../x"], message: "the name contains a path separator", status: 2),
        Refusal(label: "name ..", arguments: ["--name", ".."], message: "must not contain '..'", status: 2),
        Refusal(label: "name a..b", arguments: ["--name", "a..b"], message: "must not contain '..'", status: 2),
        Refusal(label: "name starting with -", arguments: ["--name=-rf"], message: "start with '.' or '-'", status: 2),
        Refusal(label: "name with U+0001", arguments: ["--name", "a\u{01}b"], message: "the control character U+1", status: 2),
        Refusal(label: "name with newline", arguments: ["--name", "a\nb"], message: "the control character U+A", status: 2),
        Refusal(label: "name with DEL", arguments: ["--name", "a\u{7F}b"], message: "the control character U+7F", status: 2),
        Refusal(label: "name with escape", arguments: ["--name", "a\u{1B}[31mb"], message: "the control character U+1B", status: 2),
        Refusal(label: "empty name", arguments: ["--name", ""], message: "the name is empty", status: 2),
        Refusal(label: "65-character name", arguments: ["--name", String(repeating: "n", count: 65)], message: "at most 64 fit", status: 2),
        Refusal(label: "--key-password-file without --key", arguments: ["--name", "a", "--key-password-file", "/dev/null"],
                message: "--key-password-file needs --key", status: 2),
        Refusal(label: "no key password and a password file", arguments: ["--name", "a", "--insecure-no-key-password", "--password-file", "/dev/null"],
                message: "contradict", status: 2),
    ]
}

/// Makes `folder` a place where creating a file fails, also for root: mode 0555 for
/// other users, the immutable attribute (`chattr +i`) for root, who ignores mode bits.
/// Returns whether creating a file there now really fails.
func makeUnwritable(_ folder: String) -> Bool {
    if getuid() == 0 {
        guard CLI.which("chattr") != nil, CLI.tool("chattr", ["+i", folder]).status == 0 else { return false }
    } else {
        guard chmod(folder, 0o555) == 0 else { return false }
    }
    let probe = folder + "/probe"
    if FileManager.default.createFile(atPath: probe, contents: Data()) {
        unlink(probe)
        makeWritable(folder)
        return false
    }
    return true
}

/// Undoes ``makeUnwritable(_:)``.
func makeWritable(_ folder: String) {
    if getuid() == 0 { CLI.tool("chattr", ["-i", folder]) } else { chmod(folder, 0o755) }
}

@Suite("cert new refuses bad input and leaves nothing behind")
struct CertNewRefusalTests {
    let scratch = Scratch()

    /// Checks the one-error-line contract and that the out folder (and the scratch folder around it) stayed as it was.
    func expectRefused(_ result: RunResult, status: Int32 = 1, message: String, out: String, outContents: [String] = [],
                       byParser: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        if !byParser {
            #expect(result.errorLines.count == 1, "\(result)", sourceLocation: sourceLocation)
            #expect(result.errorLines.first?.contains(message) == true, "expected “\(message)”:\n\(result)", sourceLocation: sourceLocation)
        } else {
            #expect(result.stderr.contains(message), "expected “\(message)”:\n\(result)", sourceLocation: sourceLocation)
        }
        // Standard output is empty, or under --json (makeCertificate) the error as one JSON document.
        if !result.stdout.isEmpty {
            let document = try? JSONDecoder().decode(ErrorDocument.self, from: Data(result.stdout.utf8))
            #expect(document?.error.message.contains(message) == true, "\(result)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains(Fixtures.password), "the password must never be printed", sourceLocation: sourceLocation)
        #expect(scratch.listing(out) == outContents.sorted(), "left behind in the out folder", sourceLocation: sourceLocation)
    }

    @Test(arguments: Refusal.all)
    func refusesBadArguments(_ refusal: Refusal) {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--out", out] + refusal.arguments, environment: Fixtures.passwordEnvironment)
        expectRefused(result, status: refusal.status, message: refusal.message, out: out, byParser: refusal.byParser)
        if !refusal.byParser {
            #expect(result.hintLines.count == 1, "every refusal says what to do next:\n\(result)")
        }
        #expect(scratch.listing() == ["out"], "nothing written beside the out folder either")
    }

    @Test func refusesAMissingOutFolder() {
        let missing = scratch.file("no-such-folder")
        let result = makeCertificate(name: "a", out: missing)
        expectRefused(result, message: "\(missing): no such folder", out: scratch.path)
        #expect(result.hintLines.first?.contains("mkdir -p") == true, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func refusesAnOutPathThatIsAFile() {
        let file = scratch.write("not-a-folder", "keep me\n")
        let result = makeCertificate(name: "a", out: file)
        expectRefused(result, message: "\(file): is not a folder", out: scratch.path, outContents: ["not-a-folder"])
        #expect(scratch.bytes(file) == Array("keep me\n".utf8))
    }

    /// A folder the process may not write to (see ``makeUnwritable(_:)``): refused before
    /// any key is loaded or password read. Skipped when neither mode bits nor `chattr +i`
    /// can make a folder unwritable here (root on a file system without the attribute).
    @Test(.enabled(if: probeUnwritable(), "needs a folder that even this user cannot write to"))
    func refusesAnUnwritableOutFolder() {
        let out = scratch.folder("locked")
        #expect(makeUnwritable(out))
        defer { makeWritable(out) }
        let result = makeCertificate(name: "a", out: out)
        expectRefused(result, message: "\(out): folder is not writable", out: out)
    }

    /// /proc passes the writability check (root may write to folders) but refuses to create
    /// files: the failure comes late, when the first temporary file is created.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self"), "Linux /proc"))
    func refusesAFolderWhereCreatingFilesFails() {
        let result = makeCertificate(name: "spconnect-test", out: "/proc")
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("/proc"), "\(result)")
        for name in ["cer", "pem", "key.pem", "pfx", "keycredential.json"] {
            #expect(!FileManager.default.fileExists(atPath: "/proc/spconnect-test.\(name)"))
        }
    }

    @Test func refusesToOverwriteWithoutForceAndReplacesWithForce() throws {
        let out = scratch.folder("out")
        let names = ["dup.cer", "dup.key.pem", "dup.keycredential.json", "dup.pem", "dup.pfx"]
        let first = makeCertificate(name: "dup", out: out)
        try #require(first.status == 0, "\(first)")
        let before = names.map { scratch.bytes("\(out)/\($0)") }

        let again = makeCertificate(name: "dup", out: out)
        expectRefused(again, message: "\(out)/dup.cer, \(out)/dup.pem, \(out)/dup.key.pem, \(out)/dup.pfx, \(out)/dup.keycredential.json already exist",
                      out: out, outContents: names)
        #expect(again.errorLines.first?.hasSuffix("already exist") == true, "\(again)")
        #expect(again.hintLines.first?.contains("--force") == true, "\(again)")
        #expect(names.map { scratch.bytes("\(out)/\($0)") } == before, "the existing files are untouched")

        let forced = makeCertificate(name: "dup", out: out, extra: ["--force"])
        try #require(forced.status == 0, "\(forced)")
        #expect(scratch.listing(out) == names)
        let after = names.map { scratch.bytes("\(out)/\($0)") }
        for (index, name) in names.enumerated() {
            #expect(after[index] != before[index], "\(name) was replaced")
        }
        let firstSummary = try #require(Summary.from(first))
        let forcedSummary = try #require(Summary.from(forced))
        #expect(firstSummary.thumbprint != forcedSummary.thumbprint)
        #expect(Convert.mode("\(out)/dup.key.pem") == 0o600 && Convert.mode("\(out)/dup.pfx") == 0o600)
    }

    @Test func refusesWhenOnlyOneOfTheFilesExists() {
        let out = scratch.folder("out")
        scratch.write("out/one.pfx", "someone else's archive")
        let result = makeCertificate(name: "one", out: out)
        expectRefused(result, message: "\(out)/one.pfx already exists", out: out, outContents: ["one.pfx"])
        #expect(scratch.bytes("\(out)/one.pfx") == Array("someone else's archive".utf8))
    }

    @Test func refusesAnEmptyPasswordFile() {
        let out = scratch.folder("out")
        let empty = scratch.writeSecret("empty-password", "")
        let result = CLI.run(["cert", "new", "--name", "a", "--out", out, "--key", Fixtures.rsaKey, "--password-file", empty])
        expectRefused(result, message: "the password is empty", out: out)
    }

    @Test func refusesAPasswordFileHoldingOnlyANewline() {
        let out = scratch.folder("out")
        let newline = scratch.writeSecret("newline-password", "\n")
        let result = CLI.run(["cert", "new", "--name", "a", "--out", out, "--key", Fixtures.rsaKey, "--password-file", newline])
        expectRefused(result, message: "the password is empty", out: out)
    }

    @Test func refusesAnEmptyPasswordVariable() {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "a", out: out, environment: ["SPCONNECT_CERT_PASSWORD": ""])
        expectRefused(result, message: "the password is empty", out: out)
    }

    @Test func refusesAMissingPasswordFile() {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--name", "a", "--out", out, "--key", Fixtures.rsaKey, "--password-file", scratch.file("nope")])
        expectRefused(result, message: scratch.file("nope"), out: out)
    }

    @Test func explainsThatAPasswordIsNeededWhenThereIsNoTerminal() {
        let out = scratch.folder("out")
        let result = makeCertificate(name: "a", out: out, environment: [:])
        expectRefused(result, message: "a password is needed and there is no terminal to ask on", out: out)
        let hint = result.hintLines.first ?? ""
        #expect(hint.contains("--password-file") && hint.contains("SPCONNECT_CERT_PASSWORD"), "\(result)")
    }

    /// NAME.pfx is a folder (and --force skips the existence check): refused before anything
    /// is written, since spconnect writes only regular files.
    @Test func removesWrittenFilesWhenALaterFileFails() {
        let out = scratch.folder("out")
        scratch.folder("out/late.pfx")
        let result = makeCertificate(name: "late", out: out, extra: ["--force"])
        expectRefused(result, message: "\(out)/late.pfx exists and is not a regular file (a folder)", out: out, outContents: ["late.pfx"])
        #expect(result.hintLines.count == 1, "\(result)")
        #expect(scratch.listing("\(out)/late.pfx").isEmpty)
    }

    /// Same late failure, over an earlier set of files: with --force the replaced files must
    /// come back as they were, or a failed run would destroy the previous private key.
    @Test func restoresReplacedFilesWhenALaterFileFails() throws {
        let out = scratch.folder("out")
        let first = makeCertificate(name: "keep", out: out)
        try #require(first.status == 0, "\(first)")
        let kept = ["keep.cer", "keep.key.pem", "keep.pem", "keep.pfx"]
        let before = kept.map { scratch.bytes("\(out)/\($0)") }
        try FileManager.default.removeItem(atPath: "\(out)/keep.keycredential.json")
        scratch.folder("out/keep.keycredential.json")

        let result = makeCertificate(name: "keep", out: out, extra: ["--force"])
        expectRefused(result, message: "\(out)/keep.keycredential.json", out: out, outContents: kept + ["keep.keycredential.json"])
        #expect(kept.map { scratch.bytes("\(out)/\($0)") } == before, "the earlier files are back, byte for byte")
        #expect(Convert.mode("\(out)/keep.key.pem") == 0o600)
    }
}

/// Whether this machine can make a folder unwritable for the current user.
func probeUnwritable() -> Bool {
    let scratch = Scratch()
    let folder = scratch.folder("probe")
    defer { makeWritable(folder) }
    return makeUnwritable(folder)
}
