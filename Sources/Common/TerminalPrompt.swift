#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal settings to put back if a signal ends the process at a prompt. Written
/// only before the handlers are installed and after they are removed; the handler only reads.
nonisolated(unsafe) private var promptDescriptor: Int32 = -1
nonisolated(unsafe) private var promptSettings = termios()
/// The prompt's own settings (echo off), put back when the process continues after Ctrl-Z.
nonisolated(unsafe) private var promptSilentSettings = termios()

/// The signals that end a process at a prompt (Ctrl-C, Ctrl-\, a closed terminal, kill).
private let endingSignals: [Int32] = [SIGINT, SIGQUIT, SIGTERM, SIGHUP]

/// Puts the terminal's settings back (echo on), then ends the process by the same signal,
/// as if it had not been caught. Only async-signal-safe calls.
private let restoreTerminalAndDie: @convention(c) (Int32) -> Void = { signalNumber in
    if promptDescriptor >= 0 { _ = tcsetattr(promptDescriptor, TCSANOW, &promptSettings) }
    _ = signal(signalNumber, SIG_DFL)
    _ = raise(signalNumber)
}

/// Ctrl-Z at a prompt: puts the terminal's settings back (echo on for the shell), stops
/// the process as the default action would, and on SIGCONT turns echo off again and
/// goes on waiting. Only async-signal-safe calls.
private let restoreTerminalAndStop: @convention(c) (Int32) -> Void = { signalNumber in
    if promptDescriptor >= 0 { _ = tcsetattr(promptDescriptor, TCSANOW, &promptSettings) }
    var standard = sigaction()
    standard.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&standard.sa_mask)
    var mine = sigaction()
    sigaction(signalNumber, &standard, &mine)
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, signalNumber)
    sigprocmask(SIG_UNBLOCK, &unblock, nil)
    _ = raise(signalNumber)
    // Continued (SIGCONT): the prompt is still waiting.
    sigaction(signalNumber, &mine, nil)
    if promptDescriptor >= 0 { _ = tcsetattr(promptDescriptor, TCSANOW, &promptSilentSettings) }
}

/// Whether a disposition is `SIG_IGN` (as under `nohup`): such a signal is left ignored.
private func isIgnored(_ action: sigaction) -> Bool {
    guard action.sa_flags & Int32(SA_SIGINFO) == 0, let handler = action.__sigaction_handler.sa_handler else { return false }
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
}

/// Asks a question on the controlling terminal with echo turned off. A signal that ends
/// the process while it waits (Ctrl-C) leaves the terminal's echo on.
final class TerminalPrompt {
    private let fd: Int32

    /// `nil` when the process has no terminal (CI, pipes, cron).
    init?() {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes `text` to the terminal (for a line such as "Wrong passphrase").
    func say(_ text: String) {
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    /// Shows `question`, reads one line without echo, and returns it without the newline.
    func ask(_ question: String) throws(CommonError) -> SecretBytes {
        var original = termios()
        tcgetattr(fd, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        say(question)
        let previous = installRestoringHandlers(original, silent: silent)
        tcsetattr(fd, TCSAFLUSH, &silent)
        defer {
            tcsetattr(fd, TCSAFLUSH, &original)
            removeRestoringHandlers(previous)
        }
        var line: [UInt8] = []
        line.reserveCapacity(4096)   // never reallocated, so no unwiped copy is left behind
        defer { line.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == 0x0A { break }
            if byte != 0x0D && line.count < 4096 { line.append(byte) }
        }
        return SecretBytes(line)
    }

    /// Installs the handlers that put `settings` back; a signal whose disposition was
    /// `SIG_IGN` keeps it. Returns the previous dispositions, in ``handledSignals`` order.
    private func installRestoringHandlers(_ settings: termios, silent: termios) -> [sigaction] {
        promptSettings = settings
        promptSilentSettings = silent
        promptDescriptor = fd
        var previous: [sigaction] = []
        for number in Self.handledSignals {
            var old = sigaction()
            sigaction(number, nil, &old)
            previous.append(old)
            if isIgnored(old) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = number == SIGTSTP ? restoreTerminalAndStop : restoreTerminalAndDie
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
        }
        return previous
    }

    /// The signals handled at a prompt: those that end the process, and Ctrl-Z.
    private static let handledSignals = endingSignals + [SIGTSTP]

    private func removeRestoringHandlers(_ previous: [sigaction]) {
        for (number, old) in zip(Self.handledSignals, previous) {
            var action = old
            sigaction(number, &action, nil)
        }
        promptDescriptor = -1
    }
}
