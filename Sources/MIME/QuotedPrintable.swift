import Common

/// Quoted-printable (RFC 2045 §6.7): written strictly for the text bodies a message
/// carries, read leniently, as mail readers do.
///
/// Writing: line breaks in the text (CRLF, LF or CR) become CRLF; every encoded line is
/// at most 76 characters (soft breaks end in `=`); trailing spaces and tabs, `=`,
/// controls and non-ASCII bytes are escaped, and so are a `.` and the `F` of a `From `
/// that would start an encoded line, so no relay or mailbox file can alter the text.
///
/// Reading: `=XX` escapes in either case of hex digit, soft breaks with trailing blanks,
/// and a `=` that starts neither kept as it is; nothing is ever refused.
///
/// For text whose line breaks are CRLF, `decode(encode(text))` is the text's UTF-8
/// followed by one CRLF (the line break before a MIME boundary, see `lines(_:)`).
public enum QuotedPrintable {
    /// The text as quoted-printable lines, each ending in CRLF.
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines(Array(text.utf8)) {
            encodeLine(line, into: &out)
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// Splits at CRLF, LF or CR. A final line break gives a final empty line, because the
    /// CRLF before a MIME boundary belongs to the boundary: "a\n" must end "a" CRLF CRLF.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                result.append(current)
                current = []
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        result.append(current)
        return result
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    private static func escaped(_ byte: UInt8) -> [UInt8] {
        [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
    }

    private static func encodeLine(_ line: [UInt8], into out: inout [UInt8]) {
        var length = 0
        let startsWithFrom = line.starts(with: Array("From ".utf8))
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let literal: Bool
            switch byte {
            case 0x20, 0x09: literal = !isLast
            case UInt8(ascii: "="): literal = false
            case UInt8(ascii: "."): literal = index != 0
            case UInt8(ascii: "F"): literal = !(index == 0 && startsWithFrom)
            case 0x21...0x7E: literal = true
            default: literal = false
            }
            var piece: [UInt8] = literal ? [byte] : escaped(byte)
            // Leave room for the soft break's "=" unless this is the line's last piece.
            let limit = isLast ? 76 : 75
            if length + piece.count > limit {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                length = 0
                // After a soft break the piece starts an encoded line: the same rule as at
                // the start of a text line.
                if literal && (byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "F") && line[index...].starts(with: Array("From ".utf8)))) {
                    piece = escaped(byte)
                }
            }
            out += piece
            length += piece.count
        }
    }

    /// Decodes `=XX` escapes (either case of hex digit) and removes soft line breaks
    /// (`=` at the end of a line, trailing blanks allowed). A `=` that starts neither is
    /// kept as it is; nothing is ever refused.
    public static func decode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let decoded = input.withContiguousStorageIfAvailable { decode(buffer: $0) }
        return decoded ?? Array(input).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // The output is never longer than the input.
        [UInt8](unsafeUninitializedCapacity: input.count) { output, written in
            var out = 0
            var index = 0
            let end = input.count
            while index < end {
                let byte = input[index]
                guard byte == ASCII.equals else {
                    output[out] = byte
                    out += 1
                    index += 1
                    continue
                }
                if index + 2 < end, let high = ASCII.hexValue(input[index + 1]), let low = ASCII.hexValue(input[index + 2]) {
                    output[out] = high << 4 | low
                    out += 1
                    index += 3
                    continue
                }
                var next = index + 1
                while next < end && ASCII.isBlank(input[next]) { next += 1 }
                if next == end {
                    index = end
                } else if input[next] == ASCII.lf {
                    index = next + 1
                } else if input[next] == ASCII.cr {
                    index = next + 1
                    if index < end && input[index] == ASCII.lf { index += 1 }
                } else {
                    output[out] = byte
                    out += 1
                    index += 1
                }
            }
            written = out
        }
    }
}
