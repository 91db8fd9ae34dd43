// Runs the built `spconnect` binary (and the independent tools that check its output:
// openssl, pkilint) as subprocesses, and gives every test its own scratch folder.
//
// Children are started with posix_spawn in a new session, so they never have a
// controlling terminal (a test can never hang on a password prompt), unless a test
// asks for a pseudo-terminal and drives it. Their standard output and error go to
// temporary files, read back once they exit: no pipe can fill up and block.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a finished process left behind.
struct RunResult: CustomStringConvertible {
    /// The exit code; 128 + N when killed by signal N.
    let status: Int32
    let stdout: String
    let stderr: String
    /// What the child wrote to its terminal, when it had one.
    let terminal: String
    /// Whether the terminal's echo was on once the child had ended (nil: no terminal).
    var terminalEcho: Bool? = nil

    /// The `spconnect: error: …` lines on standard error.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("spconnect: error:") } }
    /// The `spconnect: hint: …` lines on standard error.
    var hintLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("spconnect: hint:") } }
    /// The `spconnect: warning: …` lines on standard error.
    var warningLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("spconnect: warning:") } }

    var description: String {
        "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" + (terminal.isEmpty ? "" : "\n--- terminal ---\n\(terminal)")
    }
}

/// One exchange on a pseudo-terminal: wait for `prompt`, then type `answer` and Return.
struct TerminalExchange: Sendable {
    let prompt: String
    let answer: String
}

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
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    cwd: String? = nil, terminal: [TerminalExchange]? = nil) -> RunResult {
        let (program, arguments) = program(for: arguments)
        guard FileManager.default.isExecutableFile(atPath: program) else {
            Issue.record("spconnect binary not found at \(program); build it first (swift build) or set SPCONNECT_BIN")
            return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
        }
        return spawn(program, arguments, environment: environment, stdin: stdin.map { Array($0.utf8) }, cwd: cwd, terminal: terminal)
    }

    /// Runs spconnect as `nohup` would leave it: with `ignored` set to `SIG_IGN` (by a shell's
    /// `trap ''`, which `exec` keeps).
    static func run(_ arguments: [String], ignoring ignored: Int32, environment: [String: String] = [:], terminal: [TerminalExchange]) -> RunResult {
        spawn("/bin/sh", ["-c", "trap '' \(ignored) && exec \"$0\" \"$@\"", binary] + arguments, environment: environment, stdin: nil, cwd: nil, terminal: terminal)
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
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    // MARK: - Spawning

    /// glibc's `POSIX_SPAWN_SETSID` (spawn.h); Swift's Glibc module hides the GNU and
    /// X/Open extensions, so their functions are looked up by name below.
    private static let spawnSetSID: Int16 = 0x80

    private static func libc<T>(_ name: String, as type: T.Type) -> T? {
        dlsym(nil, name).map { unsafeBitCast($0, to: type) }   // nil: RTLD_DEFAULT
    }
    private static let addChdir = libc("posix_spawn_file_actions_addchdir_np",
                                       as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    private static let posixOpenPT = libc("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let grantPT = libc("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let unlockPT = libc("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let ptsnameR = libc("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)

    /// A NUL-terminated C string in an array, as a String.
    static func cString(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    private static let timeout: Double = 60

    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                              stdin: [UInt8]?, cwd: String?, terminal: [TerminalExchange]?) -> RunResult {
        var argv = [executable] + arguments
        var program = executable
        if let cwd, addChdir == nil {
            program = "/bin/sh"
            argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + argv
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SPCONNECT_") }
        env["LC_ALL"] = "C"
        for (key, value) in environment { env[key] = value }

        let stdinPath = temporaryFile(stdin ?? [])
        let stdoutPath = temporaryFile([])
        let stderrPath = temporaryFile([])
        defer { for path in [stdinPath, stdoutPath, stderrPath] { unlink(path) } }

        var master: Int32 = -1
        var slavePath = ""
        if terminal != nil {
            var name = [CChar](repeating: 0, count: 128)
            guard let openpt = posixOpenPT, let grant = grantPT, let unlock = unlockPT, let ptsname = ptsnameR else {
                Issue.record("this libc has no posix_openpt/grantpt/unlockpt/ptsname_r")
                return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
            }
            master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard master >= 0, grant(master) == 0, unlock(master) == 0, ptsname(master, &name, name.count) == 0 else {
                Issue.record("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
                return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
            }
            slavePath = cString(name)
        }
        defer { if master >= 0 { close(master) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if terminal != nil {
            // Opened after setsid(), without O_NOCTTY: it becomes the controlling terminal.
            posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        }
        if let cwd, let addChdir { _ = addChdir(&actions, cwd) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_TRUNC, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_TRUNC, 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts as from a shell: no blocked signals, and SIGINT, SIGQUIT, SIGTERM
        // and SIGHUP at their default actions, whatever the test runner's threads do with them.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, spawnSetSID | Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArgv { free(pointer) }
            for pointer in cEnv { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, &attributes, cArgv, cEnv)
        guard spawned == 0 else {
            Issue.record("cannot start \(program): \(String(cString: strerror(spawned)))")
            return RunResult(status: -1, stdout: "", stderr: "", terminal: "")
        }

        var transcript: [UInt8] = []
        var searchFrom = 0
        var step = 0
        var status: Int32 = 0
        var killed = false
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if master >= 0 {
                drainTerminal(master, into: &transcript)
                if let script = terminal, step < script.count, echoIsOff(master) {
                    let seen = String(decoding: transcript[searchFrom...], as: UTF8.self)
                    if seen.contains(script[step].prompt) {
                        let line = Array((script[step].answer + "\n").utf8)
                        _ = line.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
                        searchFrom = transcript.count
                        step += 1
                    }
                }
            }
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR {
                Issue.record("waitpid failed: \(String(cString: strerror(errno)))")
                break
            }
            if !killed && Date() > deadline {
                kill(-pid, SIGKILL)
                killed = true
                Issue.record("\(argv.joined(separator: " ")) did not finish within \(Int(timeout)) s; killed")
            }
            usleep(2_000)
        }
        if master >= 0 { drainTerminal(master, into: &transcript) }
        let echo: Bool? = master >= 0 ? !echoIsOff(master) : nil

        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return RunResult(status: code,
                         stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "",
                         terminal: String(decoding: transcript, as: UTF8.self), terminalEcho: echo)
    }

    /// Whether the terminal's echo is off: the child has switched to its no-echo prompt,
    /// after flushing pending input, so what is typed now reaches it.
    private static func echoIsOff(_ master: Int32) -> Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ECHO) == 0
    }

    private static func drainTerminal(_ master: Int32, into transcript: inout [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0, poller.revents & Int16(POLLIN) != 0 else { return }
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { return }
            transcript += buffer[0..<count]
        }
    }

    private static func temporaryFile(_ bytes: [UInt8]) -> String {
        var template = Array("/tmp/spconnect-clitest-io-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        precondition(fd >= 0, "mkstemp failed")
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return cString(template)
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
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

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
