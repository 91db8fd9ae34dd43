import Common
import MIME

/// Evens out what mail clients and word processors do to plain characters, before the
/// reply's values are looked for. Only separators and invisible characters change:
///
/// - line breaks: CRLF, CR, U+2028 and U+2029 become LF;
/// - spaces: no-break, thin, figure, ideographic and the other Unicode spaces become a space;
/// - invisible: zero-width spaces and joiners, word joiner, soft hyphen, byte-order marks,
///   direction marks and NUL are removed;
/// - dashes: U+2010…U+2015 and U+2212 become `-`; the full-width colon becomes `:`;
///   curly quotes become straight ones.
public enum TextNormalizer {
    /// The normalized UTF-8 text.
    public static func normalize(_ text: [UInt8]) -> [UInt8] {
        if !text.contains(where: { $0 >= 0x80 || $0 == ASCII.cr || $0 == 0 }) { return text }
        // Every replacement is shorter than what it replaces.
        return [UInt8](unsafeUninitializedCapacity: text.count) { output, written in
            var out = 0
            var index = 0
            let count = text.count
            while index < count {
                let byte = text[index]
                if byte == ASCII.cr {
                    output[out] = ASCII.lf
                    out += 1
                    index += (index + 1 < count && text[index + 1] == ASCII.lf) ? 2 : 1
                    continue
                }
                if byte == 0 {
                    index += 1
                    continue
                }
                if byte < 0x80 {
                    output[out] = byte
                    out += 1
                    index += 1
                    continue
                }
                let length = Charset.validSequenceLength(text, at: index)
                guard length > 0 else {
                    // Not UTF-8 (callers pass repaired text; kept for safety).
                    output[out] = byte
                    out += 1
                    index += 1
                    continue
                }
                switch replacement(text, at: index, length: length) {
                case .keep:
                    for offset in 0..<length { output[out + offset] = text[index + offset] }
                    out += length
                case .drop:
                    break
                case .byte(let value):
                    output[out] = value
                    out += 1
                }
                index += length
            }
            written = out
        }
    }

    private enum Replacement {
        case keep, drop
        case byte(UInt8)
    }

    private static func replacement(_ text: [UInt8], at index: Int, length: Int) -> Replacement {
        let first = text[index]
        if length == 2 {
            let second = text[index + 1]
            if first == 0xC2 && second == 0xA0 { return .byte(ASCII.space) }   // no-break space
            if first == 0xC2 && second == 0xAD { return .drop }               // soft hyphen
            return .keep
        }
        if length == 3 {
            let second = text[index + 1]
            let third = text[index + 2]
            switch (first, second) {
            case (0xE2, 0x80):
                switch third {
                case 0x80...0x8A, 0xAF: return .byte(ASCII.space)                 // U+2000…U+200A, U+202F
                case 0x8B...0x8F, 0xAA...0xAE: return .drop                        // zero-width, direction marks
                case 0x90...0x95: return .byte(ASCII.hyphen)                       // hyphens and dashes
                case 0x98, 0x99, 0x9A, 0x9B: return .byte(ASCII.apostrophe)
                case 0x9C, 0x9D, 0x9E, 0x9F: return .byte(ASCII.quote)
                case 0xA8, 0xA9: return .byte(ASCII.lf)                            // line and paragraph separators
                default: return .keep
                }
            case (0xE2, 0x81):
                if third == 0x9F { return .byte(ASCII.space) }                      // medium mathematical space
                if third >= 0xA0 && third <= 0xAF { return .drop }                  // word joiner, invisible operators
                return .keep
            case (0xE2, 0x88):
                return third == 0x92 ? .byte(ASCII.hyphen) : .keep                  // minus sign
            case (0xE3, 0x80):
                return third == 0x80 ? .byte(ASCII.space) : .keep                   // ideographic space
            case (0xEF, 0xBB):
                return third == 0xBF ? .drop : .keep                                // byte-order mark
            case (0xEF, 0xBC):
                return third == 0x9A ? .byte(ASCII.colon) : .keep                   // full-width colon
            default:
                return .keep
            }
        }
        return .keep
    }
}
