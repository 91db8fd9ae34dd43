#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common
internal import CShims

/// A command the user configures to print an access token: `[smtp] token_command` for
/// XOAUTH2 or OAUTHBEARER (`oama access dana@contoso.com`, `mutt_oauth2.py …`, as msmtp's
/// `passwordeval` and neomutt's `smtp_oauth_refresh_command` take one), or `export --to
/// azure-keyvault`'s token command (`az account get-access-token --resource
/// https://vault.azure.net --query accessToken -o tsv`, else `SPCONNECT_KEYVAULT_TOKEN`).
///
/// The command runs without a shell when it is plain words (split at spaces, the program
/// found on `PATH`), else with `/bin/sh -c`; in its own process group, with standard input
/// from `/dev/null` (it cannot prompt at the terminal: a helper that needs a passphrase
/// must get it some other way, such as a desktop prompt or an agent), standard error passed
/// through (so a helper can say what is wrong), descriptors 0, 1 and 2 only, signals at
/// their defaults, and the environment without spconnect's own variables (`SPCONNECT_*`,
/// which carry passphrases, passwords and tokens; `HOME`, `PATH`, `XDG_*`, `DISPLAY` and
/// the rest stay). It runs for at most ``timeout`` seconds, after which the whole group is
/// killed (as it is when the command prints more than any token, or when spconnect gets
/// SIGINT, SIGTERM or SIGHUP, which are passed on to the group first). Its standard output,
/// trimmed of white space, is the token: read into memory allocated once and wiped on
/// release (``SecretBytes``), never shown; an error names the command and how it failed,
/// never what it printed. One command runs at a time (the signal relay is process-wide).
///
/// What differs between the two uses is ``Use``: the error code and its words, the setting
/// the words name, and what a token may look like.
public struct TokenCommand: Sendable {
    /// What the token is for.
    public enum Use: Sendable {
        /// `[smtp] token_command`: ``ErrorCode/smtpTokenUnavailable`` naming the setting;
        /// any output that is not empty is the token.
        case smtp
        /// `export --to azure-keyvault`: ``ErrorCode/keyVaultTokenUnavailable``; the command
        /// must print one token of visible ASCII (it goes into an HTTP header).
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
    /// While it runs, SIGINT, SIGTERM and SIGHUP sent to spconnect (unless spconnect ignores
    /// them) are passed on to the command's process group, which is then killed; spconnect
    /// then ends by the same signal, as it would have without a command running.
    ///
    /// - Throws: the ``Use``'s error code, with the command and the problem as facts
    ///   (`[smtp] token_command`: `start`, `exit`, `signal`, `timeout`, `empty`, `tooLong`).
    public func run(variables: EnvironmentVariables = .process) throws(WorkflowError) -> SecretBytes {
        let arguments = arguments
        guard let program = arguments.first else { throw failure(.blankCommand) }
        guard let outputPipe = Self.privatePipe() else { throw failure(.noPipe(String(cString: strerror(errno)))) }
        let (readEnd, writeEnd) = outputPipe
        defer { close(readEnd) }
        guard let relay = Self.privatePipe() else {
            close(writeEnd)
            throw failure(.noPipe(String(cString: strerror(errno))))
        }
        let (relayRead, relayWrite) = relay
        defer { close(relayRead); close(relayWrite) }
        for fd in [relayRead, relayWrite] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        // SIGCHLD too: under an inherited SIG_IGN the kernel would reap the command itself.
        let relayed = Self.passedOn.filter { spc_signal_ignored($0) == 0 } + [SIGCHLD]
        guard spc_signal_relay_start(relayWrite, relayed, Int32(relayed.count)) == 0 else {
            spc_signal_relay_stop(relayed, Int32(relayed.count))
            close(writeEnd)
            throw failure(.noPipe("sigaction: " + String(cString: strerror(errno))))
        }
        defer { spc_signal_relay_stop(relayed, Int32(relayed.count)) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        // Descriptors 0, 1 and 2 only (every spconnect descriptor is close-on-exec as well).
        _ = spc_spawn_addclosefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = variables.forChildProcess()
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
        var outputOpen = true
        var status: Int32 = 0
        while true {
            if let signal = Self.relayedSignal(relayRead) {
                stopped = .interrupted(signal)
                break
            }
            if !outputOpen {
                // The output has ended; the command gets what is left of its time to exit.
                let done = waitpid(pid, &status, WNOHANG)
                if done == pid { break }
                if done < 0 && errno != EINTR {
                    let reason = String(cString: strerror(errno))
                    kill(-pid, SIGKILL)
                    throw failure(.notWaited(reason))
                }
            }
            let left = deadline - Self.now()
            if left <= 0 { stopped = .timeout; break }
            var pollers = [pollfd(fd: relayRead, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: outputOpen ? readEnd : -1, events: Int16(POLLIN), revents: 0)]
            let wait = outputOpen ? min(left, 1) : min(left, 0.01)
            let ready = poll(&pollers, 2, Int32(wait * 1000) + 1)
            if ready <= 0 || pollers[1].revents == 0 { continue }
            if count == Self.outputLimit {
                // One byte more than any token: stop reading (and the command).
                var probe: UInt8 = 0
                let more = read(readEnd, &probe, 1)
                probe = 0
                if more > 0 { stopped = .tooLong; break }
                if more < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                outputOpen = false
                continue
            }
            let got = read(readEnd, buffer.baseAddress! + count, Self.outputLimit - count)
            if got < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if got <= 0 { outputOpen = false; continue }
            count += got
        }
        if let stopped {
            if case .interrupted(let signal) = stopped {
                // Passed on, with a moment to exit on it, then the group is killed.
                kill(-pid, signal)
                let grace = min(deadline, Self.now() + 2)
                while waitpid(pid, &status, WNOHANG) == 0 && Self.now() < grace { usleep(10_000) }
            }
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            if case .interrupted(let signal) = stopped {
                // Ends spconnect as the signal would have (its earlier action put back).
                spc_signal_relay_stop(relayed, Int32(relayed.count))
                raise(signal)
            }
            throw failure(stopped)
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

    /// The signals sent to spconnect that are passed on to a running command.
    static let passedOn: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The first of ``passedOn`` that the relay pipe `relay` reports, if any (SIGCHLD's
    /// reports are read and dropped: they only wake the wait).
    private static func relayedSignal(_ relay: Int32) -> Int32? {
        var message: [UInt8] = [0, 0]
        while read(relay, &message, 2) == 2 {
            let signal = Int32(message[0])
            if passedOn.contains(signal) { return signal }
        }
        return nil
    }

    /// A pipe whose ends are close-on-exec and above 2: when spconnect runs with standard
    /// input, output or error closed, `pipe` can return 0, 1 or 2, which the command's own
    /// descriptors would then replace or leave open.
    private static func privatePipe() -> (Int32, Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        var result: [Int32] = []
        for (index, end) in ends.enumerated() {
            guard end <= 2 else {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                result.append(end)
                continue
            }
            let copy = fcntl(end, F_DUPFD_CLOEXEC, 3)
            let saved = errno
            close(end)
            guard copy >= 0 else {
                for fd in result + ends[(index + 1)...] { close(fd) }
                errno = saved
                return nil
            }
            result.append(copy)
        }
        return (result[0], result[1])
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
        /// `waitpid` failed: the command's exit status is unknown.
        case notWaited(String)
        /// spconnect received this signal while the command ran.
        case interrupted(Int32)
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
            case .notWaited(let reason): ("could not be waited for (\(reason)); its output is not used", "exit")
            case .interrupted(let signal): ("was stopped by signal \(signal) sent to spconnect", "signal")
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
            case .notWaited(let reason): ("could not be waited for (\(reason)); its output is not used", "status")
            case .interrupted(let signal): ("was stopped by signal \(signal) sent to spconnect", "signal")
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
