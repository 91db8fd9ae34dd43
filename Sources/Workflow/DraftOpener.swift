#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common

/// Opens the outbox draft in the user's mail program (`request --open`, `send --open`):
/// the desktop's opener, `xdg-open` on Linux or `open` on macOS, found on `PATH` and run
/// without a shell, its one argument the draft's path.
///
/// The opener gets the environment without spconnect's own variables (no passphrase or
/// password reaches the mail program), standard input from `/dev/null` and its standard
/// output on spconnect's standard error (standard output stays the command's, one JSON
/// document under `--json`). An opener that exits within ``waitLimit`` must exit 0; one
/// still running then (a generic `xdg-open` runs the program in the foreground) counts as
/// having opened the draft and is left running.
public struct DraftOpener: Sendable {
    /// The opener's name: `xdg-open` on Linux, `open` on macOS.
    public static var platformProgram: String {
        #if os(macOS)
        "open"
        #else
        "xdg-open"
        #endif
    }

    /// The opener's name, looked up on `PATH`.
    public var program: String
    /// How long to wait for the opener to exit, in seconds.
    public var waitLimit: Double = 5

    /// The platform's opener.
    public init(program: String = DraftOpener.platformProgram) {
        self.program = program
    }

    /// Opens `draft`; a missing, failing or unstartable opener is a ``ErrorCode/draftNotOpened``
    /// naming the draft (which stays as it is).
    public func open(_ draft: String, variables: EnvironmentVariables) throws(WorkflowError) {
        guard let executable = Self.locate(program, path: variables.text("PATH")) else {
            throw failure("no \(program) on PATH", draft, problem: "missing")
        }
        let status = try run(executable, draft, environment: variables.forChildProcess())
        guard let status else { return }
        if status & 0x7f != 0 {
            throw failure("\(program) was stopped by signal \(status & 0x7f)", draft, problem: "failed")
        }
        let code = (status >> 8) & 0xff
        if code != 0 { throw failure("\(program) exited with status \(code)", draft, problem: "failed") }
    }

    /// The first absolute `PATH` entry holding an executable regular file named `name`
    /// (relative entries, the current folder among them, are passed over).
    static func locate(_ name: String, path: String?) -> String? {
        for folder in (path ?? "").split(separator: ":", omittingEmptySubsequences: true) where folder.hasPrefix("/") {
            let candidate = (folder.hasSuffix("/") ? String(folder) : folder + "/") + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// Starts `executable draft` and waits up to ``waitLimit`` for it: its wait status, or nil
    /// when it is still running.
    private func run(_ executable: String, _ draft: String, environment: [String]) throws(WorkflowError) -> Int32? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The mail program starts as from a shell: spconnect ignores SIGPIPE, which a child
        // would otherwise inherit, and no signal blocked.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [strdup(program), strdup(draft), nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard started == 0 else {
            throw failure("\(executable) could not be started: \(String(cString: strerror(started)))", draft, problem: "start")
        }
        // Polled every 20 ms (the opener's own run time is what counts, not a precise clock).
        var status: Int32 = 0
        for _ in 0...max(0, Int(waitLimit * 50)) {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return status }
            if reaped < 0 && errno != EINTR { return nil }
            usleep(20_000)
        }
        return nil
    }

    private func failure(_ detail: String, _ draft: String, problem: String) -> WorkflowError {
        WorkflowError(.draftNotOpened, "the draft was written but not opened: \(detail)", location: draft,
                      facts: ErrorFacts(values: [.path: draft, .command: program, .problem: problem]))
    }
}
