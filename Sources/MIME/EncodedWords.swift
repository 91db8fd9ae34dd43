/// RFC 2047 encoded-words in header fields (`=?charset?Q?…?=`, `=?charset?B?…?=`).
public enum EncodedWords {
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
