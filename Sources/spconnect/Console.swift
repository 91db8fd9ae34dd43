#if canImport(Glibc)
import Glibc
#endif
import Common

/// Writing to standard output and standard error, and the house style for errors.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func out(_ text: String) {
        write(text + "\n", to: 1)
    }

    /// Writes `spconnect: warning: …` to standard error.
    static func warn(_ text: String) {
        write("spconnect: warning: \(text)\n", to: 2)
    }

    /// Writes a progress or status line to standard error (keeps stdout clean for --json).
    static func note(_ text: String) {
        write(text + "\n", to: 2)
    }

    /// Writes `spconnect: error: …` and `spconnect: hint: …` to standard error.
    static func report(_ error: any UserFacingError) {
        write("spconnect: error: \(error.reason)\n", to: 2)
        if let hint = error.hint { write("spconnect: hint: \(hint)\n", to: 2) }
    }

    /// Writes all of `text` to a file descriptor (1 or 2), unbuffered.
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }
}
