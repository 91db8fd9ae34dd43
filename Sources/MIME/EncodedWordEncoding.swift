import Common

/// RFC 2047 encoded words (`=?utf-8?b?…?=`), used for any header text that is not
/// plain printable ASCII, or that could be mistaken for an encoded word itself.
///
/// Each word is at most 68 characters and holds whole UTF-8 sequences, so every word
/// decodes on its own; the words are separate folding tokens (the space between two
/// encoded words is dropped when they are decoded).
enum EncodedWord {
    /// Raw bytes per word: 42 bytes make 56 base64 characters, 68 with the wrapper, so
    /// even `Subject: ` and a first word stay within 78 characters.
    private static let bytesPerWord = 42

    static func encode(_ text: String) -> [String] {
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
    static func single(_ text: String) -> String? {
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
}
