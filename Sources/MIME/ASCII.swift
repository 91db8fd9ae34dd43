/// Byte-level ASCII tests and conversions; every reader in this module works on UTF-8 bytes.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let apostrophe: UInt8 = 0x27
    static let hyphen: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let less: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greater: UInt8 = 0x3E
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    /// Lower-cases an ASCII letter; other bytes are returned unchanged.
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Upper-cases an ASCII letter; other bytes are returned unchanged.
    @inline(__always) static func upper(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte & 0xDF : byte
    }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= 0x61 && folded <= 0x7A
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// A letter or digit, ASCII or not: any byte of a multi-byte UTF-8 character counts,
    /// so that a value glued to a non-ASCII word is not taken as a separate token.
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte >= 0x80 || byte == 0x5F
    }

    @inline(__always) static func isHex(_ byte: UInt8) -> Bool { hexValue(byte) != nil }

    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Space or tab.
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Space, tab, CR, LF, form feed or vertical tab.
    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether `bytes[at...]` starts with `prefix`, ignoring ASCII case (`prefix` in lower case).
    static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: [UInt8], end: Int? = nil) -> Bool {
        let limit = end ?? bytes.count
        guard index >= 0, index + prefix.count <= limit else { return false }
        var offset = 0
        while offset < prefix.count {
            if lower(bytes[index + offset]) != prefix[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The first index in `bytes[from..<end]` where `needle` (lower case) starts, ignoring ASCII case.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, end: Int) -> Int? {
        guard let first = needle.first, from >= 0, end <= bytes.count, end - from >= needle.count else { return nil }
        var index = from
        let last = end - needle.count
        while index <= last {
            if lower(bytes[index]) == first && hasPrefix(bytes, at: index, needle, end: end) { return index }
            index += 1
        }
        return nil
    }

    /// The bytes of a lower-cased ASCII string.
    static func bytes(_ text: String) -> [UInt8] { Array(text.lowercased().utf8) }

    /// A lower-cased copy of ASCII bytes as a String.
    static func lowercased<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.map(lower), as: UTF8.self)
    }
}
