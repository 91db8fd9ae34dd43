// The one way the tests start a child process: the built `spconnect`, the independent tools
// that check its output (openssl, sqlite3, pkilint, node, make), the Python checkers and the
// loopback test servers.
//
// Children are started with posix_spawn in a new session (their own process group), so they
// never have a controlling terminal (a test can never hang on a password prompt), unless a
// test asks for a pseudo-terminal and drives it. Their standard output and error go to
// temporary files, read back once they exit: no pipe can fill up and block. A run that
// outlives its time limit is killed with its whole process group, and the test fails.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A child process started by ``Subprocess/start(_:_:environment:inheriting:stdin:cwd:terminal:output:)``,
/// in its own session; ``run(_:_:environment:inheriting:stdin:cwd:terminal:onTerminal:combineOutput:timeout:)``
/// starts one and waits for it.
public final class Subprocess: @unchecked Sendable {
    /// Which of the test process's environment variables a child gets (before `environment`).
    public enum Inheritance: Sendable {
        /// All of them.
        case everything
        /// All but `SPCONNECT_*` (a test's own settings must not reach the binary under test).
        case withoutSpconnectVariables
        /// None: only what `environment` gives.
        case nothing
    }

    /// Where a child's standard output and error go.
    public enum Output: Sendable {
        /// Separate temporary files, read back by ``result()``.
        case captured
        /// One temporary file for both, in the order written (read back as `stdout`).
        case combined
        /// Both appended to the file at this path.
        case log(String)
        /// `/dev/null`.
        case discarded
        /// The child's pseudo-terminal (with `terminal`), as a shell's would be.
        case terminal
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The child's process ID, which is also its process group's and session's.
    public let processIdentifier: pid_t
    /// The command line, for messages.
    public let commandLine: String
    private let files: [String]
    private let stdoutPath: String?
    private let stderrPath: String?
    private let master: Int32
    private let lock = NSLock()
    private var waitStatus: Int32?

    private init(pid: pid_t, commandLine: String, files: [String], stdoutPath: String?, stderrPath: String?, master: Int32) {
        processIdentifier = pid
        self.commandLine = commandLine
        self.files = files
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.master = master
    }

    deinit {
        if isRunning {
            kill(-processIdentifier, SIGKILL)
            waitUntilExit()
        }
        if master >= 0 { close(master) }
        for path in files { unlink(path) }
    }

    // MARK: - Running to completion

    /// Runs `executable ARGS…` to completion (a name without `/` is looked up on `PATH`) and
    /// returns what it left behind. A child still running after `timeout` seconds is killed
    /// with its process group and the test records an issue; so does one that cannot start.
    /// With `terminal`, standard input is a pseudo-terminal driven by those exchanges; with
    /// `onTerminal` too, standard output and error are that terminal as well (all of it is
    /// then in ``RunResult/terminal``).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           inheriting: Inheritance = .everything, stdin: [UInt8]? = nil, cwd: String? = nil,
                           terminal: [TerminalExchange]? = nil, onTerminal: Bool = false, combineOutput: Bool = false,
                           timeout: Double = 60) -> RunResult {
        let child: Subprocess
        do {
            child = try start(executable, arguments, environment: environment, inheriting: inheriting, stdin: stdin, cwd: cwd,
                              terminal: terminal != nil, output: terminal != nil && onTerminal ? .terminal : combineOutput ? .combined : .captured)
        } catch {
            Issue.record("\(error)")
            return .failed
        }
        var transcript: [UInt8] = []
        var searchFrom = 0
        var step = 0
        var killed = false
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning {
            if child.master >= 0 {
                drainTerminal(child.master, into: &transcript)
                if let script = terminal, step < script.count, !script[step].afterEchoIsOff || echoIsOff(child.master) {
                    let seen = String(decoding: transcript[searchFrom...], as: UTF8.self)
                    if seen.contains(script[step].prompt) {
                        let line = Array((script[step].answer + "\n").utf8)
                        _ = line.withUnsafeBytes { write(child.master, $0.baseAddress, $0.count) }
                        searchFrom = transcript.count
                        step += 1
                    }
                }
            }
            if !killed && Date() > deadline {
                child.signalGroup(SIGKILL)
                killed = true
                Issue.record("\(child.commandLine) did not finish within \(Int(timeout)) s; killed")
            }
            usleep(2_000)
        }
        var result = child.result()
        if child.master >= 0 {
            drainTerminal(child.master, into: &transcript)
            result = RunResult(status: result.status, stdout: result.stdout, stderr: result.stderr,
                               terminal: String(decoding: transcript, as: UTF8.self), terminalEcho: !echoIsOff(child.master))
        }
        return result
    }

    // MARK: - Starting in the background

    /// Starts `executable ARGS…` (a name without `/` is looked up on `PATH`) in a new session
    /// and returns at once; the caller waits for it, signals it, or lets it go (it is killed
    /// with its group when this object goes away). Standard input is `stdin` (or `/dev/null`),
    /// or, with `terminal`, a new pseudo-terminal that becomes the child's controlling terminal.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                             inheriting: Inheritance = .everything, stdin: [UInt8]? = nil, cwd: String? = nil,
                             terminal: Bool = false, output: Output = .discarded) throws -> Subprocess {
        guard let resolved = executable.contains("/") ? executable : which(executable) else {
            throw StartFailure(description: "\(executable) is not on PATH (\(ProcessInfo.processInfo.environment["PATH"] ?? "")); run scripts/deps.sh test")
        }
        var argv = [resolved] + arguments
        var program = resolved
        if let cwd, addChdir == nil {
            program = "/bin/sh"
            argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + argv
        }
        var env: [String: String]
        switch inheriting {
        case .everything: env = ProcessInfo.processInfo.environment
        case .withoutSpconnectVariables: env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SPCONNECT_") }
        case .nothing: env = [:]
        }
        for (key, value) in environment { env[key] = value }

        var files: [String] = []
        var stdinPath = "/dev/null"
        if let stdin {
            stdinPath = temporaryFile(stdin)
            files.append(stdinPath)
        }
        var stdoutPath: String?
        var stderrPath: String?
        switch output {
        case .captured:
            stdoutPath = temporaryFile([])
            stderrPath = temporaryFile([])
            files += [stdoutPath!, stderrPath!]
        case .combined:
            stdoutPath = temporaryFile([])
            files.append(stdoutPath!)
        case .log, .discarded, .terminal:
            break
        }

        var master: Int32 = -1
        var slavePath = ""
        if terminal {
            var name = [CChar](repeating: 0, count: 128)
            guard let openpt = posixOpenPT, let grant = grantPT, let unlock = unlockPT, let ptsname = ptsnameR else {
                for path in files { unlink(path) }
                throw StartFailure(description: "this libc has no posix_openpt/grantpt/unlockpt/ptsname_r")
            }
            master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard master >= 0, grant(master) == 0, unlock(master) == 0, ptsname(master, &name, name.count) == 0 else {
                if master >= 0 { close(master) }
                for path in files { unlink(path) }
                throw StartFailure(description: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
            }
            slavePath = cString(name)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if terminal {
            // Opened after setsid(), without O_NOCTTY: it becomes the controlling terminal.
            posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        }
        if let cwd, let addChdir { _ = addChdir(&actions, cwd) }
        switch output {
        case .captured:
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath!, O_WRONLY | O_TRUNC, 0)
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath!, O_WRONLY | O_TRUNC, 0)
        case .combined:
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath!, O_WRONLY | O_TRUNC, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .log(let path):
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        case .terminal:
            guard terminal else {
                for path in files { unlink(path) }
                throw StartFailure(description: "output to the terminal needs a terminal")
            }
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        }

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
            if master >= 0 { close(master) }
            for path in files { unlink(path) }
            throw StartFailure(description: "cannot start \(program): \(String(cString: strerror(spawned)))")
        }
        return Subprocess(pid: pid, commandLine: ([executable] + arguments).joined(separator: " "), files: files,
                          stdoutPath: stdoutPath, stderrPath: stderrPath, master: master)
    }

    /// Whether the child is still running (it is reaped once it has ended).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return reap(blocking: false) == nil
    }

    /// Waits for the child to end.
    public func waitUntilExit() {
        lock.lock()
        defer { lock.unlock() }
        _ = reap(blocking: true)
    }

    /// The exit code once the child has ended; 128 + N when killed by signal N.
    public var terminationStatus: Int32 {
        waitUntilExit()
        let status = lock.withLock { waitStatus ?? 0 }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Sends `signal` to the child's whole process group.
    public func signalGroup(_ signal: Int32) {
        if isRunning { kill(-processIdentifier, signal) }
    }

    /// SIGTERM to the group, then SIGKILL if the child is still there after `grace` seconds.
    public func stop(grace: Double = 2) {
        guard isRunning else { return }
        signalGroup(SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(20_000) }
        signalGroup(SIGKILL)
        waitUntilExit()
    }

    /// Waits for the child and returns its exit code and captured output.
    public func result() -> RunResult {
        let status = terminationStatus
        return RunResult(status: status,
                         stdout: stdoutPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "",
                         stderr: stderrPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "",
                         terminal: "")
    }

    /// Called with `lock` held: the wait status once the child has ended.
    private func reap(blocking: Bool) -> Int32? {
        if let waitStatus { return waitStatus }
        var status: Int32 = 0
        while true {
            let waited = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
            if waited == processIdentifier {
                waitStatus = status
                return status
            }
            if waited == 0 { return nil }
            if errno == EINTR { continue }
            // ECHILD: reaped elsewhere; treat as ended.
            waitStatus = 0
            return 0
        }
    }

    // MARK: - Helpers

    /// The full path of an executable on `PATH`, if there is one.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A NUL-terminated C string in an array, as a String.
    public static func cString(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

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
        var template = Array("/tmp/spconnect-test-io-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        precondition(fd >= 0, "mkstemp failed")
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return cString(template)
    }
}
