#if canImport(Glibc)
import Glibc
#endif
import Common

/// The Azure Key Vault access token for `export --to azure-keyvault`: what `--token-command
/// CMD` prints (e.g. `az account get-access-token --resource https://vault.azure.net --query
/// accessToken -o tsv`), else `SPCONNECT_KEYVAULT_TOKEN`.
///
/// The command runs without a shell when it is plain words (split at spaces, the program
/// found on `PATH`), else with `/bin/sh -c`; in its own process group, standard input from
/// `/dev/null`, standard error passed through, spconnect's own variables (`SPCONNECT_*`)
/// left out of its environment. Its standard output, trimmed, is the token; it is read
/// into wiped-on-release memory, and never shown.
public struct TokenCommand: Sendable {
    /// The command line as given.
    public let command: String
    /// Seconds the command may take before it is killed (its whole process group).
    public var timeout: Double

    /// At most this many bytes are read (an access token is a few kilobytes).
    static let outputLimit = 64 << 10

    /// The command `command`, killed after `timeout` seconds.
    public init(_ command: String, timeout: Double = 60) {
        self.command = command
        self.timeout = timeout
    }

    /// The token: `command`'s output when one is given, else `SPCONNECT_KEYVAULT_TOKEN`.
    ///
    /// - Throws: ``ErrorCode/keyVaultTokenUnavailable`` (``ErrorFact/problem``: `none`,
    ///   `start`, `status`, `signal`, `timeout`, `empty`, `notToken`, `tooLong`).
    public static func token(command: TokenCommand?, variables: EnvironmentVariables) throws(WorkflowError) -> SecretBytes {
        if let command { return try command.run(variables: variables) }
        if let token = variables.keyVaultToken {
            return try checked(trimmed(token), source: "SPCONNECT_KEYVAULT_TOKEN", command: nil)
        }
        throw WorkflowError(.keyVaultTokenUnavailable, "no Key Vault access token: give a token command or set SPCONNECT_KEYVAULT_TOKEN",
                            facts: ErrorFacts(actor: .you, values: [.problem: "none"]))
    }

    /// The program and arguments: the words of a plain command, else `/bin/sh -c COMMAND`.
    var arguments: [String] {
        let shellSyntax = Set("|&;<>()$`\\\"'*?[]#~=%{}!\n\t")
        let words = command.split(separator: " ").map(String.init)
        if words.isEmpty || command.contains(where: { shellSyntax.contains($0) }) { return ["/bin/sh", "-c", command] }
        return words
    }

    /// Runs the command and returns its trimmed standard output.
    public func run(variables: EnvironmentVariables) throws(WorkflowError) -> SecretBytes {
        let shown = ServerText.shown(command, limit: 160)
        func failure(_ problem: String, _ reason: String) -> WorkflowError {
            WorkflowError(.keyVaultTokenUnavailable, "the token command (\(shown)) \(reason)",
                          facts: ErrorFacts(actor: .you, values: [.problem: problem, .command: shown]))
        }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw failure("start", "could not be started: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = self.arguments
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.forChildProcess().map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(writeEnd)
        guard spawned == 0 else {
            throw failure("start", "could not be started: \(arguments[0]): \(String(cString: strerror(spawned)))")
        }

        // The output, in wiped memory allocated once.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.outputLimit, alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        var count = 0
        var tooLong = false
        let deadline = Self.now() + timeout
        var timedOut = false
        reading: while true {
            let left = deadline - Self.now()
            if left <= 0 { timedOut = true; break }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let room = Self.outputLimit - count
            if room == 0 {
                // Past the limit: keep draining so the command is not stuck on a full pipe.
                tooLong = true
                var sink = [UInt8](repeating: 0, count: 4096)
                let read = Glibc.read(readEnd, &sink, sink.count)
                sink.withUnsafeMutableBytes { explicit_bzero($0.baseAddress!, $0.count) }
                if read == 0 { break reading }
                if read < 0 && errno != EINTR && errno != EAGAIN { break reading }
                continue
            }
            let read = Glibc.read(readEnd, buffer.baseAddress! + count, room)
            if read == 0 { break }
            if read < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                break
            }
            count += read
        }
        var status: Int32 = 0
        if timedOut {
            kill(-pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw failure("timeout", "did not finish within \(Self.seconds(timeout)) s and was stopped")
        }
        // The output has ended; the command gets what is left of its time to exit.
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { break }
            if Self.now() >= deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw failure("timeout", "did not finish within \(Self.seconds(timeout)) s and was stopped")
            }
            usleep(10_000)
        }
        let terminatedBy = status & 0x7F
        if terminatedBy != 0 { throw failure("signal", "was ended by signal \(terminatedBy)") }
        let exitStatus = (status >> 8) & 0xFF
        if exitStatus != 0 { throw failure("status", "exited with status \(exitStatus)") }
        if tooLong { throw failure("tooLong", "printed more than \(Self.outputLimit / 1024) KiB, which is no access token") }
        let output = SecretBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return try Self.checked(Self.trimmed(output), source: "the token command (\(shown))", command: shown)
    }

    /// `bytes` without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ bytes: SecretBytes) -> SecretBytes {
        bytes.withUnsafeBytes { raw in
            let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            var start = 0
            var end = raw.count
            while start < end && space(raw[start]) { start += 1 }
            while end > start && space(raw[end - 1]) { end -= 1 }
            return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        }
    }

    /// `token` when it can be an access token: not empty, and only visible ASCII (no space,
    /// no line break: it goes into an HTTP header).
    static func checked(_ token: SecretBytes, source: String, command: String?) throws(WorkflowError) -> SecretBytes {
        let facts = { (problem: String) in ErrorFacts(actor: .you, values: [.problem: problem, .command: command].compactMapValues { $0 }) }
        guard !token.isEmpty else {
            throw WorkflowError(.keyVaultTokenUnavailable, "\(source) gave no access token (its output was empty)", facts: facts("empty"))
        }
        let visible = token.withUnsafeBytes { $0.allSatisfy { (0x21...0x7E).contains($0) } }
        guard visible else {
            throw WorkflowError(.keyVaultTokenUnavailable, "\(source) gave something that is not one access token (it has spaces, line breaks or control characters)",
                                facts: facts("notToken"))
        }
        return token
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
