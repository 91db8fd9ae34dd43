/// Byte-level ASCII tests and conversions: the MIME codecs, the domain's identifier formats
/// and the readers of Replies work on UTF-8 bytes.
@usableFromInline package enum ASCII {
    @usableFromInline package static let tab: UInt8 = 0x09
    @usableFromInline package static let lf: UInt8 = 0x0A
    @usableFromInline package static let cr: UInt8 = 0x0D
    @usableFromInline package static let space: UInt8 = 0x20
    @usableFromInline package static let quote: UInt8 = 0x22
    @usableFromInline package static let apostrophe: UInt8 = 0x27
    @usableFromInline package static let hyphen: UInt8 = 0x2D
    @usableFromInline package static let dot: UInt8 = 0x2E
    @usableFromInline package static let colon: UInt8 = 0x3A
    @usableFromInline package static let semicolon: UInt8 = 0x3B
    @usableFromInline package static let less: UInt8 = 0x3C
    @usableFromInline package static let equals: UInt8 = 0x3D
    @usableFromInline package static let greater: UInt8 = 0x3E
    @usableFromInline package static let openBrace: UInt8 = 0x7B
    @usableFromInline package static let closeBrace: UInt8 = 0x7D

    /// Lower-cases an ASCII letter; other bytes are returned unchanged.
    @inlinable @inline(__always) package static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Upper-cases an ASCII letter; other bytes are returned unchanged.
    @inlinable @inline(__always) package static func upper(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte & 0xDF : byte
    }

    @inlinable @inline(__always) package static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= 0x61 && folded <= 0x7A
    }

    @inlinable @inline(__always) package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// A letter or digit, ASCII or not: any byte of a multi-byte UTF-8 character counts,
    /// so that a value glued to a non-ASCII word is not taken as a separate token.
    @inlinable @inline(__always) package static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte >= 0x80 || byte == 0x5F
    }

    @inlinable @inline(__always) package static func isHex(_ byte: UInt8) -> Bool { hexValue(byte) != nil }

    @inlinable @inline(__always) package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Space or tab.
    @inlinable @inline(__always) package static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Space, tab, CR, LF, form feed or vertical tab.
    @inlinable @inline(__always) package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether `bytes[at...]` starts with `prefix`, ignoring ASCII case (`prefix` in lower case).
    @inlinable package static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: [UInt8], end: Int? = nil) -> Bool {
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
    @inlinable package static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, end: Int) -> Int? {
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
    @inlinable package static func bytes(_ text: String) -> [UInt8] { Array(text.lowercased().utf8) }

    /// A lower-cased copy of ASCII bytes as a String.
    @inlinable package static func lowercased<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.map(lower), as: UTF8.self)
    }

    /// Whether every scalar is printable ASCII (space to tilde).
    @inlinable package static func isPrintable(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }
}
