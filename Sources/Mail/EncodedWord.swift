import Common

/// RFC 2047 encoded words (`=?utf-8?b?…?=`), used for any header text that is not
/// plain printable ASCII, or that could be mistaken for an encoded word itself.
///
/// Each word is at most 75 characters and holds whole UTF-8 sequences, so every word
/// decodes on its own; the words are separate folding tokens (the space between two
/// encoded words is dropped when they are decoded).
enum EncodedWord {
    /// Raw bytes per word: 45 bytes make 60 base64 characters, 72 with the wrapper.
    private static let bytesPerWord = 45

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

    private static func wrap(_ bytes: [UInt8]) -> String {
        "=?utf-8?b?" + Base64.encode(bytes) + "?="
    }
}
