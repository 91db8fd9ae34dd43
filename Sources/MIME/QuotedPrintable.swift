/// Quoted-printable (RFC 2045 §6.7) for the text bodies.
///
/// Line breaks in the text (CRLF, LF or CR) become CRLF; every encoded line is at most
/// 76 characters (soft breaks end in `=`); trailing spaces and tabs, `=`, controls and
/// non-ASCII bytes are escaped, and so are a leading `.` and the `F` of a leading
/// `From ` so no relay or mailbox file can alter the text.
enum QuotedPrintable {
    static func encode(_ text: String) -> [UInt8] {
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
            let piece: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            // Leave room for the soft break's "=" unless this is the line's last piece.
            let limit = isLast ? 76 : 75
            if length + piece.count > limit {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                length = 0
            }
            out += piece
            length += piece.count
        }
    }
}
