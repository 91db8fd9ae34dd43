/// One message's bytes in stable memory, read by libESMTP's message callback.
///
/// The callback keeps its position here, never in libESMTP's `ctx` slot (libESMTP
/// would `free()` whatever is put there).
final class MessageSource {
    private let buffer: UnsafeMutableBufferPointer<CChar>
    private var position = 0

    init(_ bytes: [UInt8]) {
        buffer = .allocate(capacity: max(bytes.count, 1))
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        count = bytes.count
    }

    private let count: Int

    deinit { buffer.deallocate() }

    /// libESMTP's `smtp_messagecb_t`: nil `length` rewinds; otherwise the rest of the message, then nothing.
    func next(_ length: UnsafeMutablePointer<Int32>?) -> UnsafePointer<CChar>? {
        guard let length else {
            position = 0
            return nil
        }
        guard position < count else {
            length.pointee = 0
            return nil
        }
        let start = position
        let chunk = min(count - position, 1 << 20)
        position += chunk
        length.pointee = Int32(chunk)
        return UnsafePointer(buffer.baseAddress! + start)
    }
}
