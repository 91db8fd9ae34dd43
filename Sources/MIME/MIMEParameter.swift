import Common

/// MIME parameters (`name=value` after a media type or a disposition), RFC 2045 and 2231,
/// written and read.
///
/// Writing: a value made only of safe characters is written quoted; anything else (non-ASCII,
/// quotes, backslashes, semicolons, encoded-word look-alikes) is written in RFC 2231
/// form, `name*=utf-8''%E2%82%AC…`, split into numbered sections when long, so it
/// reads back exactly and can never close the parameter early.
///
/// An attachment's name is written the way mail clients write it (Thunderbird, Apple
/// Mail): `filename*=utf-8''…` (RFC 2231) in Content-Disposition, and in Content-Type the
/// legacy `name="=?utf-8?b?…?="` (RFC 2047 words), the fallback Outlook and webmail read
/// when they ignore RFC 2231. See ``legacyNameTokens(name:value:)``.
///
/// Reading (``decode(_:)``): quoted strings unquoted, RFC 2231 sections joined in order
/// and percent-decoded, the first of two same-named parameters kept.
public enum MIMEParameter {
    /// RFC 2045 `token` characters.
    public static func isToken(_ byte: UInt8) -> Bool {
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
    public static func legacyNameTokens(name: String, value: String) -> [String] {
        guard !isPlainValue(Array(value.utf8)) else { return ["\(name)=\"\(value)\""] }
        var words = EncodedWords.encode(value)
        words[0] = "\(name)=\"" + words[0]
        words[words.count - 1] += "\""
        return words
    }

    /// Folding tokens for `; name="value"` (or its RFC 2231 sections), each ending in `;` but the last.
    public static func tokens(name: String, value: String) -> [String] {
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

    /// Splits a header value such as `attachment; filename*=utf-8''caf%C3%A9` into its
    /// leading value (as written, before the first `;` outside quotes) and its parameters
    /// (names lower case, values unquoted, RFC 2231 continuations joined and decoded).
    public static func decode(_ value: String) -> (value: String, parameters: [String: String]) {
        var fields = split(value)
        let leading = fields.isEmpty ? "" : fields.removeFirst()
        var plain: [String: String] = [:]
        var pieces: [String: [(Int, String, Bool)]] = [:]
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let name = String(field[..<equals]).trimmed.lowercased()
            let value = unquote(String(field[field.index(after: equals)...]).trimmed)
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                // RFC 2231: name*=charset'lang'%XX…, name*0=…, name*1*=…
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.filter { $0 != "*" }) ?? 0
                pieces[base, default: []].append((number, value, encoded))
            } else if plain[name] == nil {
                plain[name] = value
            }
        }
        for (name, parts) in pieces where plain[name] == nil {
            // The sections' bytes are joined before they are read as UTF-8: a writer may
            // split a character's bytes between two sections (RFC 2231 §4.1).
            var joined: [UInt8] = []
            for (offset, part) in parts.sorted(by: { $0.0 < $1.0 }).enumerated() {
                var text = part.1
                if part.2 {
                    if offset == 0, let tick = text.firstIndex(of: "'"), let second = text[text.index(after: tick)...].firstIndex(of: "'") {
                        text = String(text[text.index(after: second)...])
                    }
                    joined += percentDecoded(text)
                } else {
                    joined += Array(text.utf8)
                }
            }
            plain[name] = String(decoding: Charset.repairedUTF8(joined), as: UTF8.self)
        }
        return (leading, plain)
    }

    /// Splits on `;` outside quoted strings.
    private static func split(_ value: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && quoted {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character == ";" && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    private static func unquote(_ value: String) -> String {
        guard value.hasPrefix("\""), value.count >= 2 else { return value }
        var output = ""
        var escaped = false
        for character in value.dropFirst() {
            if escaped {
                output.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                output.append(character)
            }
        }
        return output
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}
