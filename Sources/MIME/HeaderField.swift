/// One header field ready to be written: a name and the tokens of its value.
///
/// Tokens are joined by single spaces; a line may be folded (CRLF, then the space)
/// only between two tokens, so folding never changes what a reader unfolds. Lines
/// are kept to 78 characters where the tokens allow, and never reach 998.
struct HeaderField {
    let name: String
    let tokens: [String]

    static let preferredLength = 78

    /// The field as CRLF-terminated bytes.
    func rendered() -> [UInt8] {
        var out = Array((name + ":").utf8)
        var lineLength = out.count
        for token in tokens {
            let bytes = Array(token.utf8)
            if lineLength > name.count + 1 && lineLength + 1 + bytes.count > Self.preferredLength {
                out += [0x0D, 0x0A]
                lineLength = 0
            }
            out.append(0x20)
            out += bytes
            lineLength += 1 + bytes.count
        }
        out += [0x0D, 0x0A]
        return out
    }

    /// Unstructured text (Subject, extra headers): plain words when the text is plain,
    /// printable ASCII with single spaces and short words, else encoded words.
    static func unstructuredTokens(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let plain = HeaderText.isPrintableASCII(text) && !HeaderText.mayLookEncoded(text)
            && !words.isEmpty && words.allSatisfy { !$0.isEmpty && $0.count <= 70 }
        return plain ? words.map(String.init) : EncodedWord.encode(text)
    }
}
