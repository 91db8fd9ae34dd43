import MIME

/// The shapes of the values a reply carries, found in text and normalized.
///
/// Normalization only changes case, braces and separators, so a normalized value
/// always occurs in the text it came from once those are set aside.
public enum IdentifierFormat {
    /// A GUID in lower case with hyphens, from `72f988bf-86f1-41af-91ab-2d7cd011db47`, its
    /// upper-case form, `{…}`, `(…)`, or the 32 digits without hyphens; nil otherwise.
    public static func guid(_ text: String) -> String? {
        let bytes = Array(text.trimmed.utf8)
        guard let match = guid(in: bytes, at: 0), match.end == bytes.count else { return nil }
        return match.text
    }

    /// A SHA-1 thumbprint as 40 upper-case hex digits, from any case, with or without
    /// spaces, colons or hyphens between the digits; nil otherwise.
    public static func thumbprint(_ text: String) -> String? {
        let bytes = Array(text.trimmed.utf8)
        var digits: [UInt8] = []
        for byte in bytes {
            if ASCII.isHex(byte) {
                digits.append(ASCII.upper(byte))
            } else if !(byte == ASCII.space || byte == ASCII.colon || byte == ASCII.hyphen || byte == ASCII.tab) {
                return nil
            }
        }
        return digits.count == 40 ? String(decoding: digits, as: UTF8.self) : nil
    }

    /// The number of hex digits in `text` when it consists of hex digits and separators only.
    public static func hexDigitCount(_ text: String) -> Int? {
        var count = 0
        for byte in text.utf8 {
            if ASCII.isHex(byte) { count += 1 } else if !(byte == ASCII.space || byte == ASCII.colon || byte == ASCII.hyphen || byte == ASCII.tab) { return nil }
        }
        return count
    }

    /// A domain name in lower case (`contoso.onmicrosoft.com`): labels of letters, digits
    /// and inner hyphens, at most 63 characters each, a top-level label of two or more
    /// letters, 253 characters in all; nil otherwise.
    public static func domain(_ text: String) -> String? {
        let bytes = Array(text.trimmed.utf8)
        guard !bytes.isEmpty, bytes.count <= 253 else { return nil }
        let labels = bytes.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != ASCII.hyphen, label.last != ASCII.hyphen,
                  label.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == ASCII.hyphen }) else { return nil }
        }
        guard let top = labels.last, top.count >= 2, top.allSatisfy(ASCII.isLetter) else { return nil }
        return ASCII.lowercased(bytes)
    }

    // MARK: - In text

    /// A value found in text: its normalized form and the index after it.
    struct Match {
        let text: String
        let end: Int
    }

    /// Whether `count` hex digits start at `index`.
    @inline(__always) private static func hexRun(_ bytes: [UInt8], _ index: Int, _ count: Int) -> Bool {
        guard index >= 0, index + count <= bytes.count else { return false }
        var offset = 0
        while offset < count {
            if !ASCII.isHex(bytes[index + offset]) { return false }
            offset += 1
        }
        return true
    }

    /// A GUID starting at `start` (optionally in braces or parentheses), ending at a token boundary.
    static func guid(in bytes: [UInt8], at start: Int) -> Match? {
        guard start < bytes.count else { return nil }
        var index = start
        var opener: UInt8 = 0
        if bytes[index] == ASCII.openBrace || bytes[index] == UInt8(ascii: "(") {
            opener = bytes[index]
            index += 1
        }
        let digitsStart = index
        var digits: [UInt8] = []
        if hexRun(bytes, index, 8), index + 36 <= bytes.count, bytes[index + 8] == ASCII.hyphen, hexRun(bytes, index + 9, 4),
           bytes[index + 13] == ASCII.hyphen, hexRun(bytes, index + 14, 4), bytes[index + 18] == ASCII.hyphen,
           hexRun(bytes, index + 19, 4), bytes[index + 23] == ASCII.hyphen, hexRun(bytes, index + 24, 12) {
            index += 36
        } else if hexRun(bytes, index, 32) {
            index += 32
        } else {
            return nil
        }
        for byte in bytes[digitsStart..<index] where byte != ASCII.hyphen { digits.append(ASCII.lower(byte)) }
        if index < bytes.count && (ASCII.isWordByte(bytes[index]) || bytes[index] == ASCII.hyphen) { return nil }
        if opener != 0, index < bytes.count, bytes[index] == (opener == ASCII.openBrace ? ASCII.closeBrace : UInt8(ascii: ")")) {
            index += 1
        }
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (offset, digit) in digits.enumerated() {
            if offset == 8 || offset == 12 || offset == 16 || offset == 20 { text.append(ASCII.hyphen) }
            text.append(digit)
        }
        return Match(text: String(decoding: text, as: UTF8.self), end: index)
    }

    /// A domain name starting at `start` and ending at a token boundary (a final `.` ends a sentence).
    static func domain(in bytes: [UInt8], at start: Int) -> Match? {
        var index = start
        var lastDot = -1
        var labelStart = start
        while index < bytes.count, index - start <= 253 {
            let byte = bytes[index]
            if ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == ASCII.hyphen {
                index += 1
            } else if byte == ASCII.dot, index > labelStart, index + 1 < bytes.count,
                      ASCII.isLetter(bytes[index + 1]) || ASCII.isDigit(bytes[index + 1]) {
                lastDot = index
                index += 1
                labelStart = index
            } else {
                break
            }
        }
        guard lastDot > start else { return nil }
        if index < bytes.count {
            let next = bytes[index]
            if ASCII.isWordByte(next) || next == UInt8(ascii: "@") || next == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/") {
                return nil
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let normalized = domain(text) else { return nil }
        return Match(text: normalized, end: index)
    }

    /// What ``thumbprint(in:at:)`` found.
    struct HexRun {
        /// The upper-case digits.
        let digits: [UInt8]
        /// Where the run ends in the text.
        let end: Int
        /// Whether more hex groups follow in the same style (a longer fingerprint, such as SHA-256).
        let overlong: Bool
    }

    /// Hex digits starting at `start`, in groups separated by single spaces, tabs, colons
    /// or hyphens (or a line break while fewer than 40 digits are in hand).
    static func thumbprint(in bytes: [UInt8], at start: Int) -> HexRun? {
        var digits: [UInt8] = []
        var index = start
        var end = start
        var lastSeparator: UInt8 = 0
        var lastGroupSize = 0
        var overlong = false
        while index < bytes.count {
            let groupStart = index
            while index < bytes.count && ASCII.isHex(bytes[index]) && index - groupStart <= 128 { index += 1 }
            let size = index - groupStart
            if size == 0 || (index < bytes.count && ASCII.isWordByte(bytes[index])) {
                index = groupStart
                break
            }
            if digits.count >= 40 {
                if lastSeparator == ASCII.colon || lastSeparator == ASCII.hyphen || size == lastGroupSize {
                    overlong = true
                } else {
                    break
                }
            }
            for byte in bytes[groupStart..<index] { digits.append(ASCII.upper(byte)) }
            end = index
            lastGroupSize = size
            if digits.count > 200 { break }
            guard index + 1 < bytes.count, ASCII.isHex(bytes[index + 1]) else { break }
            let separator = bytes[index]
            if separator == ASCII.space || separator == ASCII.colon || separator == ASCII.hyphen || separator == ASCII.tab {
                lastSeparator = separator
                index += 1
            } else if separator == ASCII.lf && digits.count < 40 {
                index += 1
            } else {
                break
            }
        }
        guard !digits.isEmpty else { return nil }
        return HexRun(digits: digits, end: end, overlong: overlong)
    }

    /// A request ID starting at `start`: `SPC`, a hyphen or blank, four characters of the
    /// ID alphabet (Crockford base32 with I, L and O), an optional hyphen or blank, four more.
    static func requestID(in bytes: [UInt8], at start: Int) -> Match? {
        guard start + 12 <= bytes.count, ASCII.lower(bytes[start]) == UInt8(ascii: "s"), ASCII.lower(bytes[start + 1]) == UInt8(ascii: "p"),
              ASCII.lower(bytes[start + 2]) == UInt8(ascii: "c") else { return nil }
        var index = start + 3
        guard bytes[index] == ASCII.hyphen || ASCII.isBlank(bytes[index]) else { return nil }
        index += 1
        var characters: [UInt8] = []
        for group in 0..<2 {
            if group == 1, index < bytes.count, bytes[index] == ASCII.hyphen || ASCII.isBlank(bytes[index]) { index += 1 }
            for _ in 0..<4 {
                guard index < bytes.count else { return nil }
                let byte = ASCII.upper(bytes[index])
                guard ASCII.isDigit(byte) || (ASCII.isLetter(byte) && byte != UInt8(ascii: "U")) else { return nil }
                characters.append(byte)
                index += 1
            }
        }
        if index < bytes.count && (ASCII.isWordByte(bytes[index]) || bytes[index] == ASCII.hyphen) { return nil }
        let text = "SPC-" + String(decoding: characters[0..<4], as: UTF8.self) + "-" + String(decoding: characters[4..<8], as: UTF8.self)
        return Match(text: text, end: index)
    }

    /// The token starting at `start`: letters, digits and `allowed` bytes, at most `limit` long.
    static func token(in bytes: [UInt8], at start: Int, allowing allowed: [UInt8], limit: Int = 100) -> ArraySlice<UInt8> {
        var index = start
        while index < bytes.count, index - start < limit {
            let byte = bytes[index]
            guard ASCII.isLetter(byte) || ASCII.isDigit(byte) || allowed.contains(byte) else { break }
            index += 1
        }
        return bytes[start..<index]
    }
}
