/// Reads the outer length of a DER value, to tell a truncated file from a wrong one.
enum DERLength {
    /// The total size (header included) a DER SEQUENCE at the start of `bytes` declares, if any.
    static func declaredLength(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2, bytes[0] == 0x30 else { return nil }
        let first = Int(bytes[1])
        if first < 0x80 { return 2 + first }
        let count = first & 0x7F
        guard count >= 1, count <= 4, bytes.count >= 2 + count else { return nil }
        var length = 0
        for index in 0..<count { length = length << 8 | Int(bytes[2 + index]) }
        return 2 + count + length
    }

    /// Whether `bytes` start a DER SEQUENCE that ends early: its length says more bytes
    /// than there are, or the bytes stop inside a long-form length (`30 82 03`).
    static func isTruncated(_ bytes: [UInt8]) -> Bool {
        if let declared = declaredLength(of: bytes) { return declared > bytes.count }
        guard bytes.count >= 2, bytes[0] == 0x30, bytes[1] > 0x80, bytes[1] <= 0x84 else { return false }
        return bytes.count < 2 + Int(bytes[1] & 0x7F)
    }
}
