#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common
internal import CShims

/// `exec`'s command: started with `posix_spawnp` (no fork of a Swift process), waited for,
/// with the signals sent to spconnect passed on to it.
///
/// - The child gets descriptors 0, 1 and 2, the one it is given at ``CredentialFile/childDescriptor``,
///   and nothing else (`closefrom` 4 in the spawn's file actions, on top of every spconnect
///   descriptor being close-on-exec).
/// - Its signal mask is empty and the signals below are at their default action
///   (spconnect ignores SIGPIPE; a child must not inherit that).
/// - It stays in spconnect's process group, so the terminal's ^C, ^\ and hang-up reach it
///   directly; those (sent by the kernel) are not passed on again. A signal another process
///   sends spconnect (`kill`, a supervisor's SIGTERM) is passed on: ``forwarded``.
enum ChildProcess {
    /// How the command ended.
    enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)

        /// The status spconnect exits with: the command's, or 128 + the signal's number
        /// (as POSIX shells report a command a signal ended).
        var exitStatus: Int32 {
            switch self {
            case .exited(let status): status
            case .signaled(let signal): 128 + signal
            }
        }
    }

    /// The signals passed on to the command.
    static let forwarded: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM]

    /// Runs `arguments` (the first is the program, looked up on `PATH`) with `environment`
    /// (`NAME=value` entries) until it ends; `credential`, when not -1, becomes its
    /// descriptor ``CredentialFile/childDescriptor``.
    ///
    /// - Parameter started: called once the command runs (before the wait).
    /// - Throws: ``ErrorCode/commandNotStarted`` when it cannot be started;
    ///   ``ErrorCode/childProcessFailed`` when the signal relay cannot be set up.
    static func run(_ arguments: [String], environment: [String], credential: Int32, started: () -> Void = {}) throws -> Termination {
        precondition(!arguments.isEmpty, "exec needs a command")
        var relay: [Int32] = [-1, -1]
        guard pipe(&relay) == 0 else { throw failure("pipe") }
        defer { close(relay[0]); close(relay[1]) }
        for fd in relay {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        let relayed = forwarded + [SIGCHLD]
        guard spc_signal_relay_start(relay[1], relayed, Int32(relayed.count)) == 0 else {
            spc_signal_relay_stop(relayed, Int32(relayed.count))
            throw failure("sigaction")
        }
        defer { spc_signal_relay_stop(relayed, Int32(relayed.count)) }

        let pid = try spawn(arguments, environment: environment, credential: credential)
        started()
        return wait(for: pid, relay: relay[0])
    }

    private static func spawn(_ arguments: [String], environment: [String], credential: Int32) throws -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        if credential >= 0 {
            posix_spawn_file_actions_adddup2(&actions, credential, CredentialFile.childDescriptor)
        }
        // Where the system has no closefrom action, every spconnect descriptor is close-on-exec anyway.
        _ = spc_spawn_addclosefrom(&actions, CredentialFile.childDescriptor + 1)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in forwarded + [SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            let problem = status == ENOENT ? "notFound" : (status == EACCES || status == ENOEXEC) ? "notExecutable" : "spawn"
            throw WorkflowError(.commandNotStarted, "\(ServerText.shown(arguments[0], limit: 200)) could not be started: \(String(cString: strerror(status)))",
                                facts: ErrorFacts(actor: .you, values: [.problem: problem]))
        }
        return pid
    }

    /// Waits for `pid`, passing on each signal a process sent spconnect; a poll every second
    /// also catches an exit whose SIGCHLD the full pipe could not take.
    private static func wait(for pid: pid_t, relay: Int32) -> Termination {
        var poller = pollfd(fd: relay, events: Int16(POLLIN), revents: 0)
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return termination(status) }
            if reaped < 0 && errno != EINTR { return .exited(1) }
            poller.revents = 0
            guard poll(&poller, 1, 1000) > 0 else { continue }
            var message: [UInt8] = [0, 0]
            while read(relay, &message, 2) == 2 {
                let signal = Int32(message[0])
                if signal != SIGCHLD && message[1] == 0 { kill(pid, signal) }
            }
        }
    }

    private static func termination(_ status: Int32) -> Termination {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        if signal == 0 { return .exited((status >> 8) & 0xFF) }
        return .signaled(signal)
    }

    private static func failure(_ call: String) -> WorkflowError {
        WorkflowError(.childProcessFailed, "the command could not be run: \(call): \(String(cString: strerror(errno)))",
                      facts: ErrorFacts(actor: .you, values: [.problem: "relay"]))
    }
}
