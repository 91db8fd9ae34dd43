#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common

/// `[smtp] token_command`: the command that prints an OAuth bearer token for XOAUTH2 or
/// OAUTHBEARER (`oama access dana@contoso.com`, `mutt_oauth2.py …`), as msmtp's
/// `passwordeval` and neomutt's `smtp_oauth_refresh_command` take one.
///
/// It runs without a shell when it has no shell syntax (split at spaces, the program found
/// on `PATH`), else with `/bin/sh -c`; in its own process group, with spconnect's
/// environment, standard input and standard error (so a helper can say what is wrong), for
/// at most ``timeoutSeconds``, after which the whole group is killed. Its standard output,
/// trimmed of white space, is the token: kept in wiped memory only (``SecretBytes``), never
/// in an error (errors name the command and how it failed, never what it printed).
public struct SMTPTokenCommand: Sendable {
    /// The command as configured.
    public let command: String
    /// How long the command may take.
    public let timeoutSeconds: Int

    /// The most a token command may print (Entra's access tokens are 1 to 4 KB).
    static let limit = 64 * 1024

    public init(_ command: String, timeoutSeconds: Int = 30) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether `command` needs a shell: any character a shell treats specially.
    public static func needsShell(_ command: String) -> Bool {
        command.unicodeScalars.contains { "|&;<>()$`\\\"'*?[]#~=%{}!\n\t".unicodeScalars.contains($0) }
    }

    /// The argument vector: the words, or `/bin/sh -c COMMAND`.
    public var arguments: [String] {
        Self.needsShell(command) ? ["/bin/sh", "-c", command] : command.split(separator: " ").map(String.init)
    }

    /// Runs the command and returns its trimmed output.
    ///
    /// - Throws: ``ErrorCode/smtpTokenUnavailable`` with the command and the problem
    ///   (`start`, `exit`, `signal`, `timeout`, `empty`, `tooLong`) as facts.
    public func run() throws(WorkflowError) -> SecretBytes {
        let arguments = arguments
        guard !arguments.isEmpty else { throw failure("is empty", problem: "empty") }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw failure("could not be started (no pipe)", problem: "start") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, cArguments[0]!, &actions, &attributes, &cArguments, environ)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw failure("could not be started: \(String(cString: strerror(spawned)))", problem: "start")
        }

        var output: [UInt8] = []
        output.reserveCapacity(Self.limit + 1)   // never reallocated, so no unwiped copy is left behind
        defer { output.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
        let deadline = Self.now() + UInt64(timeoutSeconds) * 1_000_000_000
        var timedOut = false
        var tooLong = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer { chunk.withUnsafeMutableBytes { explicit_bzero($0.baseAddress!, $0.count) } }
        while true {
            let now = Self.now()
            guard now < deadline else { timedOut = true; break }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(UInt64(1_000), (deadline - now) / 1_000_000 + 1)))
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            let count = read(readEnd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            if output.count + count > Self.limit {
                tooLong = true
                break
            }
            output.append(contentsOf: chunk[0..<count])
        }
        close(readEnd)
        if timedOut || tooLong { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut {
            throw failure("did not finish within \(timeoutSeconds) s; it was stopped", problem: "timeout")
        }
        if tooLong { throw failure("printed more than \(Self.limit / 1024) KiB", problem: "tooLong") }
        let signalled = status & 0x7F
        if signalled != 0 { throw failure("was killed by signal \(signalled)", problem: "signal") }
        let exitStatus = (status >> 8) & 0xFF
        if exitStatus != 0 { throw failure("exited with status \(exitStatus)", problem: "exit") }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = output.firstIndex(where: { !blank($0) }), let last = output.lastIndex(where: { !blank($0) }) else {
            throw failure("printed nothing", problem: "empty")
        }
        return SecretBytes(output[first...last])
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    private func failure(_ what: String, problem: String) -> WorkflowError {
        WorkflowError(.smtpTokenUnavailable, "[smtp] token_command \(what): \(ServerText.shown(command, limit: 200))",
                      facts: ErrorFacts(values: [.command: command, .problem: problem]))
    }
}
