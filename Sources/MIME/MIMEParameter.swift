/// MIME parameters (`name=value` after a media type or a disposition), RFC 2045 and 2231.
///
/// A value made only of safe characters is written quoted; anything else (non-ASCII,
/// quotes, backslashes, semicolons, encoded-word look-alikes) is written in RFC 2231
/// form, `name*=utf-8''%E2%82%AC…`, split into numbered sections when long, so it
/// reads back exactly and can never close the parameter early.
///
/// An attachment's name is written the way mail clients write it (Thunderbird, Apple
/// Mail): `filename*=utf-8''…` (RFC 2231) in Content-Disposition, and in Content-Type the
/// legacy `name="=?utf-8?b?…?="` (RFC 2047 words), the fallback Outlook and webmail read
/// when they ignore RFC 2231. See ``legacyNameTokens(name:value:)``.
enum MIMEParameter {
    /// RFC 2045 `token` characters.
    static func isToken(_ byte: UInt8) -> Bool {
        guard byte > 0x20 && byte < 0x7F else { return false }
        return !Array("()<>@,;:\\\"/[]?=".utf8).contains(byte)
    }

    /// Characters written as they are inside a quoted parameter value.
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array(" ._-+()".utf8).contains(byte)
        }
    }

    /// RFC 2231 `attribute-char`: left as they are in an extended value.
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        isToken(byte) && byte != UInt8(ascii: "*") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "%")
    }

    /// Whether `value` is written as it is, quoted.
    private static func isPlainValue(_ bytes: [UInt8]) -> Bool {
        bytes.count <= 60 && bytes.allSatisfy(isPlain) && bytes.first != 0x20 && bytes.last != 0x20
    }

    /// Folding tokens for a legacy `name="value"` that readers without RFC 2231 understand:
    /// the value as it is when plain, else RFC 2047 encoded words inside the quotes (each
    /// holds whole UTF-8 sequences in base64, so no quote, backslash or semicolon can appear).
    static func legacyNameTokens(name: String, value: String) -> [String] {
        guard !isPlainValue(Array(value.utf8)) else { return ["\(name)=\"\(value)\""] }
        var words = EncodedWord.encode(value)
        words[0] = "\(name)=\"" + words[0]
        words[words.count - 1] += "\""
        return words
    }

    /// Folding tokens for `; name="value"` (or its RFC 2231 sections), each ending in `;` but the last.
    static func tokens(name: String, value: String) -> [String] {
        let bytes = Array(value.utf8)
        if isPlainValue(bytes) {
            return ["\(name)=\"\(value)\""]
        }
        var encoded: [String] = []
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            encoded.append(isAttributeChar(byte)
                ? String(Character(Unicode.Scalar(byte)))
                : String(decoding: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self))
        }
        var sections: [String] = []
        var current = ""
        for piece in encoded {
            if current.utf8.count + piece.utf8.count > 48 {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        sections.append(current)
        if sections.count == 1 {
            return ["\(name)*=utf-8''\(sections[0])"]
        }
        return sections.enumerated().map { index, section in
            let prefix = index == 0 ? "utf-8''" : ""
            return "\(name)*\(index)*=\(prefix)\(section)" + (index < sections.count - 1 ? ";" : "")
        }
    }
}
