import Common

/// Converts a MIME part's bytes from its declared charset to UTF-8.
///
/// Understood: UTF-8, US-ASCII, ISO-8859-1 (decoded as Windows-1252, as browsers and
/// mail readers do, since senders label 1252 text as Latin-1), Windows-1252,
/// ISO-8859-15 and UTF-16 (LE, BE, or by byte-order mark). Any other charset is read
/// as UTF-8 where the bytes are valid UTF-8 and as Windows-1252 elsewhere: the IDs a
/// reply carries are ASCII, which every charset mail uses leaves unchanged.
public enum Charset {
    /// The charsets this decoder knows by name.
    public enum Kind: Sendable, Equatable {
        case utf8, windows1252, latin9, utf16LE, utf16BE, utf16
    }

    /// The kind for a `charset=` label, or nil when it is not one this decoder knows.
    public static func kind(of label: String?) -> Kind? {
        guard let label else { return .utf8 }
        let name = label.lowercased().filter { $0 != "\"" && $0 != "'" && $0 != " " }
        switch name {
        case "", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "iso646-us", "unicode-1-1-utf-8", "x-unicode20utf8":
            return .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
             "windows-1252", "cp1252", "x-cp1252", "cp-1252", "ms-ansi", "win-1252":
            return .windows1252
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9", "csisolatin9":
            return .latin9
        case "utf-16le": return .utf16LE
        case "utf-16be": return .utf16BE
        case "utf-16", "utf16", "ucs-2", "unicode": return .utf16
        default: return nil
        }
    }

    /// The bytes as UTF-8, and whether the charset was one this decoder knows.
    /// Invalid UTF-8 is repaired byte by byte as Windows-1252; nothing is refused.
    public static func decode(_ bytes: [UInt8], charset label: String?) -> (utf8: [UInt8], known: Bool) {
        guard let kind = kind(of: label) else { return (repairedUTF8(bytes), false) }
        return (decode(bytes, as: kind), true)
    }

    /// The bytes, read as `kind`, as UTF-8.
    public static func decode(_ bytes: [UInt8], as kind: Kind) -> [UInt8] {
        switch kind {
        case .utf8: return repairedUTF8(bytes)
        case .windows1252: return singleByte(bytes, latin9: false)
        case .latin9: return singleByte(bytes, latin9: true)
        case .utf16LE: return utf16(bytes, bigEndian: false)
        case .utf16BE: return utf16(bytes, bigEndian: true)
        case .utf16:
            if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return utf16(Array(bytes.dropFirst(2)), bigEndian: true) }
            if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE { return utf16(Array(bytes.dropFirst(2)), bigEndian: false) }
            return utf16(bytes, bigEndian: true)  // RFC 2781 §4.3: big-endian without a BOM
        }
    }

    /// Windows-1252's characters at 0x80…0x9F (the C1 controls where it has none, as WHATWG maps them).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The scalar Windows-1252 gives a byte.
    package static func windows1252Scalar(_ byte: UInt8) -> UInt32 {
        byte >= 0x80 && byte <= 0x9F ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
    }

    private static func singleByte(_ bytes: [UInt8], latin9: Bool) -> [UInt8] {
        if !bytes.contains(where: { $0 >= 0x80 }) { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            var scalar = windows1252Scalar(byte)
            if latin9 {
                switch byte {
                case 0xA4: scalar = 0x20AC
                case 0xA6: scalar = 0x0160
                case 0xA8: scalar = 0x0161
                case 0xB4: scalar = 0x017D
                case 0xB8: scalar = 0x017E
                case 0xBC: scalar = 0x0152
                case 0xBD: scalar = 0x0153
                case 0xBE: scalar = 0x0178
                default: break
                }
            }
            appendUTF8(scalar, to: &output)
        }
        return output
    }

    private static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var pendingHigh: UInt32?
        while index + 1 < bytes.count {
            let unit = bigEndian ? UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                                 : UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
            index += 2
            if unit >= 0xD800 && unit <= 0xDBFF {
                if pendingHigh != nil { appendUTF8(0xFFFD, to: &output) }
                pendingHigh = unit
                continue
            }
            if unit >= 0xDC00 && unit <= 0xDFFF {
                if let high = pendingHigh {
                    appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &output)
                    pendingHigh = nil
                } else {
                    appendUTF8(0xFFFD, to: &output)
                }
                continue
            }
            if pendingHigh != nil {
                appendUTF8(0xFFFD, to: &output)
                pendingHigh = nil
            }
            if unit == 0xFEFF && output.isEmpty { continue }
            appendUTF8(unit, to: &output)
        }
        if pendingHigh != nil || index < bytes.count { appendUTF8(0xFFFD, to: &output) }
        return output
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or 0 when there is none.
    @inlinable @inline(__always) package static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let count = bytes.count
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            index + offset < count && bytes[index + offset] >= low && bytes[index + offset] <= high
        }
        switch lead {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// Whether every byte belongs to a valid UTF-8 sequence.
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var index = asciiPrefixLength(bytes)
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = validSequenceLength(bytes, at: index)
            if length == 0 { return false }
            index += length
        }
        return true
    }

    /// How many bytes at the start are ASCII, counted eight at a time.
    static func asciiPrefixLength(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var index = 0
            let count = raw.count
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            while index < count && raw[index] < 0x80 { index += 1 }
            return index
        }
    }

    /// Valid UTF-8 unchanged; each byte outside a valid sequence read as Windows-1252.
    public static func repairedUTF8(_ bytes: [UInt8]) -> [UInt8] {
        if isValidUTF8(bytes) { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length == 0 {
                appendUTF8(windows1252Scalar(bytes[index]), to: &output)
                index += 1
            } else {
                output.append(contentsOf: bytes[index..<index + length])
                index += length
            }
        }
        return output
    }

    /// Appends a Unicode scalar as UTF-8 (U+FFFD for a surrogate or a value past U+10FFFF).
    package static func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        var scalar = value
        if scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { scalar = 0xFFFD }
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
