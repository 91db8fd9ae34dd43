// Runs the built `spconnect` binary (and the independent tools that check its output:
// openssl, pkilint) through the tests' one subprocess runner (TestSupport's `Subprocess`:
// a new session, output to files, group kill on timeout, a pseudo-terminal when a test
// drives prompts), and gives every test its own scratch folder.
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// What a finished process left behind (TestSupport's, named here for every file of this target).
typealias RunResult = TestSupport.RunResult
/// One exchange on a pseudo-terminal (TestSupport's).
typealias TerminalExchange = TestSupport.TerminalExchange

enum CLI {
    /// The binary under test: `$SPCONNECT_BIN`, else `spconnect` next to the test runner.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SPCONNECT_BIN"], !path.isEmpty { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("spconnect").path
    }()

    /// The test helpers (seeding, integrity checks): `spconnect-dev` beside ``binary``, built
    /// by the package but not shipped in `spconnect`.
    static let devBinary = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("spconnect-dev").path

    /// The program and arguments for ARGS: `["_dev", "seed", …]` (after an optional
    /// `--home DIR`) names a helper of ``devBinary``, anything else a command of ``binary``.
    static func program(for arguments: [String]) -> (String, [String]) {
        guard let index = arguments.prefix(3).firstIndex(of: "_dev"), index == 0 || arguments.first == "--home" else {
            return (binary, arguments)
        }
        var rest = arguments
        rest.remove(at: index)
        return (devBinary, rest)
    }

    /// Runs `spconnect ARGS…`. The test process's own `SPCONNECT_*` variables are not passed on.
    /// `onTerminal`: standard output and error are the `terminal` too, as in a shell.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    cwd: String? = nil, terminal: [TerminalExchange]? = nil, onTerminal: Bool = false) -> RunResult {
        let (program, arguments) = program(for: arguments)
        guard FileManager.default.isExecutableFile(atPath: program) else {
            Issue.record("spconnect binary not found at \(program); build it first (swift build) or set SPCONNECT_BIN")
            return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
        }
        return spawn(program, arguments, environment: environment, stdin: stdin.map { Array($0.utf8) }, cwd: cwd, terminal: terminal,
                     onTerminal: onTerminal)
    }

    /// Runs spconnect as `nohup` would leave it: with `ignored` set to `SIG_IGN` (by a shell's
    /// `trap ''`, which `exec` keeps).
    static func run(_ arguments: [String], ignoring ignored: Int32, environment: [String: String] = [:], terminal: [TerminalExchange]) -> RunResult {
        spawn("/bin/sh", ["-c", "trap '' \(ignored) && exec \"$0\" \"$@\"", binary] + arguments, environment: environment, stdin: nil, cwd: nil, terminal: terminal)
    }

    /// Runs spconnect from `python3 -c`, after the Python statements `prelude` (such as
    /// `signal.signal(signal.SIGCHLD, signal.SIG_IGN)` or `os.dup2(…, 7)`, which `os.execv`
    /// keeps; `os` and `signal` are imported). A shell cannot do it: dash and bash leave
    /// SIGCHLD as it is under `trap '' CHLD`.
    static func run(_ arguments: [String], python prelude: String, environment: [String: String] = [:]) -> RunResult {
        guard let python = which("python3") else {
            Issue.record("python3 is not on PATH")
            return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
        }
        let code = "import os, signal, sys\n\(prelude)\nos.execv(sys.argv[1], sys.argv[1:])\n"
        return spawn(python, ["-c", code, binary] + arguments, environment: environment, stdin: nil, cwd: nil, terminal: nil)
    }

    /// Runs a tool found on `PATH` (openssl, lint_pkix_cert, chattr), with `environment` added.
    @discardableResult
    static func tool(_ name: String, _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:]) -> RunResult {
        guard let path = name.contains("/") ? name : which(name) else {
            Issue.record("\(name) is not on PATH (\(ProcessInfo.processInfo.environment["PATH"] ?? "")); run scripts/deps.sh test")
            return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
        }
        return spawn(path, arguments, environment: environment, stdin: stdin, cwd: nil, terminal: nil)
    }

    /// `openssl ARGS…`.
    @discardableResult
    static func openssl(_ arguments: String..., stdin: [UInt8]? = nil) -> RunResult {
        tool("openssl", arguments, stdin: stdin)
    }

    /// The full path of an executable on `PATH`, if there is one.
    static func which(_ name: String) -> String? { Subprocess.which(name) }

    /// A NUL-terminated C string in an array, as a String.
    static func cString(_ chars: [CChar]) -> String { Subprocess.cString(chars) }

    /// Every child of these tests: without the test process's `SPCONNECT_*` variables, in the C locale.
    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                              stdin: [UInt8]?, cwd: String?, terminal: [TerminalExchange]?, onTerminal: Bool = false) -> RunResult {
        Subprocess.run(executable, arguments, environment: ["LC_ALL": "C"].merging(environment) { $1 },
                       inheriting: .withoutSpconnectVariables, stdin: stdin, cwd: cwd, terminal: terminal, onTerminal: onTerminal, timeout: 60)
    }
}

/// A fresh folder for one test, removed with everything in it when the test ends.
final class Scratch: Sendable {
    let path: String

    init() {
        var template = Array("/tmp/spconnect-clitest-XXXXXX".utf8CString)
        precondition(mkdtemp(&template) != nil, "mkdtemp failed")
        path = CLI.cString(template)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The full path of `name` in this folder.
    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Creates a sub-folder and returns its path.
    @discardableResult
    func folder(_ name: String) -> String {
        let folder = file(name)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `contents` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) -> String { write(name, Array(contents.utf8)) }

    /// Writes a password file (mode 0600: spconnect refuses one others can read) and returns its path.
    @discardableResult
    func writeSecret(_ name: String, _ contents: String) -> String {
        let path = write(name, contents)
        chmod(path, 0o600)
        return path
    }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(bytes))
        return file(name)
    }

    /// Every entry of a folder, hidden ones included, sorted.
    func listing(_ folder: String? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder ?? path)) ?? []).sorted()
    }

    /// The bytes of a file, or empty when it cannot be read.
    func bytes(_ path: String) -> [UInt8] {
        Array((FileManager.default.contents(atPath: path)) ?? Data())
    }
}

/// Things several tests share, made once per test process.
enum Fixtures {
    /// The password tests give `cert new` through `SPCONNECT_CERT_PASSWORD` or a file.
    static let password = "correct horse 42"
    /// The environment that supplies it.
    static let passwordEnvironment = ["SPCONNECT_CERT_PASSWORD": password]

    /// A folder for the shared fixtures, removed when the test process exits.
    static let folder: String = {
        var template = Array("/tmp/spconnect-clitest-fixtures-XXXXXX".utf8CString)
        precondition(mkdtemp(&template) != nil, "mkdtemp failed")
        atexit { _ = try? FileManager.default.removeItem(atPath: Fixtures.folder) }
        return CLI.cString(template)
    }()

    /// An unencrypted RSA-2048 PKCS#8 key made by openssl, for `cert new --key` (fast tests).
    static let rsaKey: String = {
        let path = folder + "/rsa2048.key.pem"
        let made = CLI.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path)
        precondition(made.status == 0, "openssl genpkey failed: \(made)")
        return path
    }()
}

/// The `--json` output of `cert new` and `cert inspect`, decoded with the field names
/// the design promises scripts (a renamed field fails the decoding).
struct Summary: Decodable {
    let subject: String
    let issuer: String
    let serial: String
    let notBefore: String
    let notAfter: String
    let thumbprint: String
    let sha256: String
    let x5t: String
    let x5tS256: String
    let keySize: Int
    let signatureAlgorithm: String
    let selfSigned: Bool
    let hasPrivateKey: Bool
    let files: [String]
    let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case subject, issuer, serial, notBefore, notAfter, thumbprint, sha256, x5t
        case x5tS256 = "x5t#S256"
        case keySize, signatureAlgorithm, selfSigned, hasPrivateKey, files, warnings
    }

    /// Decodes `cert … --json` output, recording an issue when it is not the expected document.
    static func from(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) -> Summary? {
        do {
            return try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        } catch {
            Issue.record("not the expected JSON (\(error)):\n\(result)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// Small conversions the checks need, written here rather than taken from spconnect.
enum Convert {
    /// "AB:CD:…" or "abcd…" to bytes.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.filter { $0.isHexDigit }.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }

    /// RFC 4648 §5 base64url without padding, through Foundation's base64.
    static func base64URL(_ bytes: [UInt8]) -> String { foundationBase64URL(bytes) }

    /// The value after `=` on the line of `openssl x509 -fingerprint` that contains "Fingerprint=".
    static func opensslValue(_ output: String, after marker: String) -> String? {
        for line in output.split(separator: "\n") where line.contains(marker) {
            return String(line[line.range(of: marker)!.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The permission bits of a file.
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }
}
