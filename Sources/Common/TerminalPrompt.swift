#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks a question on the controlling terminal with echo turned off.
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

    /// Shows `question`, reads one line without echo, and returns it without the newline.
    func ask(_ question: String) throws(CommonError) -> SecretBytes {
        var original = termios()
        tcgetattr(fd, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        _ = question.withCString { write(fd, $0, strlen($0)) }
        tcsetattr(fd, TCSAFLUSH, &silent)
        defer { tcsetattr(fd, TCSAFLUSH, &original) }
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
}
