import Common

/// RFC 2047 encoded words in header fields (`=?charset?Q?…?=`, `=?charset?B?…?=`):
/// written as UTF-8 for any header text that is not plain printable ASCII, or that could
/// be mistaken for an encoded word itself; read from any charset ``Charset`` knows.
///
/// Each written word is at most 68 characters and holds whole UTF-8 sequences, so every
/// word decodes on its own; the words are separate folding tokens (the space between two
/// encoded words is dropped when they are decoded), so `decode` of the words joined by
/// spaces gives the text back.
public enum EncodedWords {
    /// Raw bytes per word: 42 bytes make 56 base64 characters, 68 with the wrapper, so
    /// even `Subject: ` and a first word stay within 78 characters.
    private static let bytesPerWord = 42

    /// The text as encoded words of at most 68 characters each, at least one.
    public static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerWord {
                words.append(wrap(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(wrap(chunk)) }
        return words
    }

    /// The whole text as one encoded word of at most 75 characters (Q or B, whichever is
    /// shorter; Q uses only the characters RFC 2047 §5(3) allows in a phrase), or nil.
    ///
    /// Display names use this: several adjacent encoded words in a phrase are read back
    /// differently by different readers (Python's email package keeps the space between
    /// them, RFC 2047 drops it), so a name is only ever one word.
    public static func single(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        let digits = Array("0123456789ABCDEF".utf8)
        var q: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: " "): q.append(UInt8(ascii: "_"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
                q.append(byte)
            default: q += [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        let qWord = "=?utf-8?q?" + String(decoding: q, as: UTF8.self) + "?="
        let bWord = wrap(bytes)
        let best = qWord.utf8.count <= bWord.utf8.count ? qWord : bWord
        return best.utf8.count <= 75 ? best : nil
    }

    private static func wrap(_ bytes: [UInt8]) -> String {
        "=?utf-8?b?" + Base64.encode(bytes) + "?="
    }

    /// Whether the value looks like it holds an RFC 2047 encoded word, which a reader
    /// would decode: such text is always sent encoded so it reads back literally.
    public static func mayLookEncoded(_ value: String) -> Bool {
        value.contains("=?") || value.contains("?=")
    }

    /// The header value as text: encoded-words decoded from their charset, the blanks
    /// between two adjacent encoded-words dropped, raw 8-bit bytes read as UTF-8 (or
    /// Windows-1252 where they are not valid UTF-8). Malformed encoded-words stay as written.
    public static func decode(_ value: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.count)
        var literal: [UInt8] = []
        var index = 0
        var afterEncodedWord = false
        while index < value.count {
            if value[index] == ASCII.equals, index + 1 < value.count, value[index + 1] == UInt8(ascii: "?"),
               let (decoded, next) = encodedWord(value, at: index) {
                // Only blanks between two encoded-words: they are dropped (RFC 2047 §6.2).
                if !(afterEncodedWord && literal.allSatisfy(ASCII.isWhitespace)) {
                    output += Charset.repairedUTF8(literal)
                }
                literal.removeAll(keepingCapacity: true)
                output += decoded
                index = next
                afterEncodedWord = true
                continue
            }
            literal.append(value[index])
            index += 1
        }
        output += Charset.repairedUTF8(literal)
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes the encoded-word starting at `start` (at `=?`); nil when it is not one.
    private static func encodedWord(_ value: [UInt8], at start: Int) -> ([UInt8], Int)? {
        let question = UInt8(ascii: "?")
        var index = start + 2
        let charsetStart = index
        while index < value.count, value[index] != question {
            if ASCII.isWhitespace(value[index]) || index - charsetStart > 40 { return nil }
            index += 1
        }
        guard index + 2 < value.count, value[index + 2] == question else { return nil }
        var charset = String(decoding: value[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let encoding = ASCII.lower(value[index + 1])
        guard encoding == UInt8(ascii: "q") || encoding == UInt8(ascii: "b") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < value.count, !(value[end] == question && value[end + 1] == ASCII.equals) {
            if ASCII.isWhitespace(value[end]) || end - textStart > 200 { return nil }
            end += 1
        }
        guard end + 1 < value.count else { return nil }
        let text = value[textStart..<end]
        let bytes: [UInt8]
        if encoding == UInt8(ascii: "b") {
            bytes = MIMEBase64.decode(text).bytes
        } else {
            bytes = QuotedPrintable.decode(Array(text.map { $0 == UInt8(ascii: "_") ? ASCII.space : $0 }))
        }
        return (Charset.decode(bytes, charset: charset).utf8, end + 2)
    }
}
