internal import COpenSSL

/// Reads and empties OpenSSL's thread-local error queue.
package enum OpenSSLErrorQueue {
    /// Every queued error as OpenSSL's one-line text, oldest first; the queue is left empty.
    package static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages
    }

    /// Empties the queue (before a call whose failure is expected and handled).
    package static func clear() {
        ERR_clear_error()
    }
}
