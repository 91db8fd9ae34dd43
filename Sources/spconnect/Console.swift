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
        write("spconnect: error: \(error.shownReason)\n", to: 2)
        if let hint = error.shownHint { write("spconnect: hint: \(hint)\n", to: 2) }
    }

    /// Writes all of `text` to a file descriptor (1 or 2), unbuffered.
    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(bytes: $0, to: fd) }
    }

    /// Writes all of `bytes` to a file descriptor, unbuffered, without copying them; false
    /// when the descriptor refused them (a closed pipe).
    @discardableResult
    static func write(bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }
}
