#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common

/// A command the user configures to print an access token: `[smtp] token_command` for
/// XOAUTH2 or OAUTHBEARER (`oama access dana@contoso.com`, `mutt_oauth2.py …`, as msmtp's
/// `passwordeval` and neomutt's `smtp_oauth_refresh_command` take one), or `export --to
/// azure-keyvault`'s token command (`az account get-access-token --resource
/// https://vault.azure.net --query accessToken -o tsv`, else `SPCONNECT_KEYVAULT_TOKEN`).
///
/// The command runs without a shell when it is plain words (split at spaces, the program
/// found on `PATH`), else with `/bin/sh -c`; in its own process group, standard error passed
/// through (so a helper can say what is wrong), signals at their defaults, for at most
/// ``timeout`` seconds, after which the whole group is killed (as it is when the command
/// prints more than any token). Its standard output, trimmed of white space, is the token:
/// read into memory allocated once and wiped on release (``SecretBytes``), never shown; an
/// error names the command and how it failed, never what it printed.
///
/// What differs between the two uses is ``Use``: the error code and its words, the setting
/// the words name, and what the command inherits.
public struct TokenCommand: Sendable {
    /// What the token is for.
    public enum Use: Sendable {
        /// `[smtp] token_command`: ``ErrorCode/smtpTokenUnavailable`` naming the setting;
        /// the command gets spconnect's environment and standard input (a helper may ask
        /// for a passphrase at the terminal).
        case smtp
        /// `export --to azure-keyvault`: ``ErrorCode/keyVaultTokenUnavailable``; the command
        /// gets standard input from `/dev/null` and the environment without spconnect's own
        /// variables (`SPCONNECT_*`), and must print one token of visible ASCII (it goes into
        /// an HTTP header).
        case keyVault
    }

    /// The command line as given.
    public let command: String
    /// What the token is for.
    public let use: Use
    /// Seconds the command may take before it is killed (its whole process group).
    public var timeout: Double

    /// At most this many bytes are read (Entra's access tokens are 1 to 4 KB).
    static let outputLimit = 64 << 10

    /// The command `command` for `use`, killed after `timeout` seconds.
    public init(_ command: String, for use: Use = .keyVault, timeout: Double = 60) {
        self.command = command
        self.use = use
        self.timeout = timeout
    }

    /// The Key Vault token: `command`'s output when one is given, else `SPCONNECT_KEYVAULT_TOKEN`.
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

    /// Whether `command` needs a shell: any character a shell treats specially.
    static func needsShell(_ command: String) -> Bool {
        command.unicodeScalars.contains { "|&;<>()$`\\\"'*?[]#~=%{}!\n\t".unicodeScalars.contains($0) }
    }

    /// The program and arguments: the words of a plain command, else `/bin/sh -c COMMAND`
    /// (empty for a command of spaces only, which runs nothing).
    var arguments: [String] {
        let words = command.split(separator: " ").map(String.init)
        if Self.needsShell(command) { return ["/bin/sh", "-c", command] }
        return words
    }

    /// Runs the command and returns its trimmed standard output.
    ///
    /// - Throws: the ``Use``'s error code, with the command and the problem as facts
    ///   (`[smtp] token_command`: `start`, `exit`, `signal`, `timeout`, `empty`, `tooLong`).
    public func run(variables: EnvironmentVariables = .process) throws(WorkflowError) -> SecretBytes {
        let arguments = arguments
        guard let program = arguments.first else { throw failure(.blankCommand) }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw failure(.noPipe(String(cString: strerror(errno)))) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if use == .keyVault { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
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

        let environment = use == .keyVault ? variables.forChildProcess() : variables.entries(excluding: [])
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard spawned == 0 else { throw failure(.notStarted(program, String(cString: strerror(spawned)))) }

        // The output, in wiped memory allocated once.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.outputLimit, alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        var count = 0
        let deadline = Self.now() + timeout
        var stopped: Failure?
        while true {
            let left = deadline - Self.now()
            if left <= 0 { stopped = .timeout; break }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            if count == Self.outputLimit {
                // One byte more than any token: stop reading (and the command).
                var probe: UInt8 = 0
                let more = read(readEnd, &probe, 1)
                probe = 0
                if more > 0 { stopped = .tooLong; break }
                if more == 0 { break }
                if errno == EINTR || errno == EAGAIN { continue }
                break
            }
            let got = read(readEnd, buffer.baseAddress! + count, Self.outputLimit - count)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                break
            }
            count += got
        }
        var status: Int32 = 0
        if let stopped {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            throw failure(stopped)
        }
        // The output has ended; the command gets what is left of its time to exit.
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { break }
            if Self.now() >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                throw failure(.timeout)
            }
            usleep(10_000)
        }
        let terminatedBy = status & 0x7F
        if terminatedBy != 0 { throw failure(.signal(terminatedBy)) }
        let exitStatus = (status >> 8) & 0xFF
        if exitStatus != 0 { throw failure(.status(exitStatus)) }
        let output = Self.trimmed(SecretBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<count])))
        switch use {
        case .smtp:
            guard !output.isEmpty else { throw failure(.empty) }
            return output
        case .keyVault:
            return try Self.checked(output, source: "the token command (\(shownCommand))", command: shownCommand)
        }
    }

    /// How a run failed.
    enum Failure {
        case blankCommand
        case noPipe(String)
        case notStarted(String, String)
        case timeout
        case tooLong
        case signal(Int32)
        case status(Int32)
        case empty
    }

    /// The command as errors show it.
    private var shownCommand: String {
        ServerText.shown(command, limit: use == .smtp ? 200 : 160)
    }

    /// The error for `failure`, in the words of ``use``.
    func failure(_ failure: Failure) -> WorkflowError {
        let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
        switch use {
        case .smtp:
            let (what, problem): (String, String) = switch failure {
            case .blankCommand: ("is empty", "empty")
            case .noPipe: ("could not be started (no pipe)", "start")
            case .notStarted(_, let reason): ("could not be started: \(reason)", "start")
            case .timeout: ("did not finish within \(seconds) s; it was stopped", "timeout")
            case .tooLong: ("printed more than \(Self.outputLimit / 1024) KiB", "tooLong")
            case .signal(let signal): ("was killed by signal \(signal)", "signal")
            case .status(let status): ("exited with status \(status)", "exit")
            case .empty: ("printed nothing", "empty")
            }
            return WorkflowError(.smtpTokenUnavailable, "[smtp] token_command \(what): \(shownCommand)",
                                 facts: ErrorFacts(values: [.command: command, .problem: problem]))
        case .keyVault:
            let (reason, problem): (String, String) = switch failure {
            case .blankCommand, .empty: ("gave no access token (its output was empty)", "empty")
            case .noPipe(let reason): ("could not be started: \(reason)", "start")
            case .notStarted(let program, let reason): ("could not be started: \(program): \(reason)", "start")
            case .timeout: ("did not finish within \(seconds) s and was stopped", "timeout")
            case .tooLong: ("printed more than \(Self.outputLimit / 1024) KiB, which is no access token", "tooLong")
            case .signal(let signal): ("was ended by signal \(signal)", "signal")
            case .status(let status): ("exited with status \(status)", "status")
            }
            return WorkflowError(.keyVaultTokenUnavailable, "the token command (\(shownCommand)) \(reason)",
                                 facts: ErrorFacts(actor: .you, values: [.problem: problem, .command: shownCommand]))
        }
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

    /// `token` when it can be a Key Vault access token: not empty, and only visible ASCII
    /// (no space, no line break: it goes into an HTTP header).
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

    /// CLOCK_MONOTONIC in seconds.
    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
