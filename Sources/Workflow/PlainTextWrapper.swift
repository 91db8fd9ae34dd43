import Domain

/// Wraps the plain-text email at 78 columns (RFC 5322 §2.1.1's recommended line length).
///
/// Left alone: lines of the reply block (import reads them), lines indented by four spaces
/// or more (commands and JSON to copy), and words longer than the width, such as URLs,
/// which are never broken. A wrapped line keeps its indentation, and a list item
/// (`- `, `* `, `1. `) continues under its text.
public enum PlainTextWrapper {
    /// Wraps `text` at `width` columns (counted in Unicode characters).
    public static func wrap(_ text: String, width: Int = 78) -> String {
        var out: [String] = []
        var inReply = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.hasPrefix(ReplyBlock.beginMarker) { inReply = true }
            defer { if line.hasPrefix(ReplyBlock.endMarker) { inReply = false } }
            let indent = line.prefix { $0 == " " }.count
            if inReply || indent >= 4 || line.count <= width {
                out.append(line)
                continue
            }
            let body = line.dropFirst(indent)
            let marker = listMarker(body)
            let firstPrefix = String(repeating: " ", count: indent)
            let nextPrefix = String(repeating: " ", count: indent + marker)
            var current = firstPrefix
            var currentHasWord = false
            for word in body.split(separator: " ", omittingEmptySubsequences: true) {
                if currentHasWord && current.count + 1 + word.count > width {
                    out.append(current)
                    current = nextPrefix + word
                } else {
                    current += (currentHasWord ? " " : "") + word
                }
                currentHasWord = true
            }
            out.append(current)
        }
        return out.joined(separator: "\n")
    }

    /// The width of a list marker at the start of `body` ("- ", "12. "), or 0.
    static func listMarker(_ body: Substring) -> Int {
        if body.hasPrefix("- ") || body.hasPrefix("* ") { return 2 }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, body.dropFirst(digits.count).hasPrefix(". ") { return digits.count + 2 }
        return 0
    }
}
