/// The text of an HTML mail body, as a reader would see it: tags removed, block
/// elements and `<br>` as line breaks, table cells separated by a tab, character
/// references decoded, whitespace collapsed outside `<pre>`, and each line inside
/// `<blockquote>` prefixed with `> ` per level (so HTML quoting reads as text quoting).
/// `<head>`, `<style>`, `<script>`, `<title>` and comments (including Outlook's
/// conditional comments) are dropped.
public enum HTMLText {
    /// Elements whose whole content is not text to read.
    private static let skipped: Set<String> = ["head", "style", "script", "title", "template", "xml", "noscript", "object"]
    /// Elements that start and end a line.
    private static let blocks: Set<String> = [
        "p", "div", "tr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead",
        "tfoot", "caption", "pre", "hr", "section", "article", "header", "footer", "address", "center", "form", "fieldset",
        "main", "nav", "aside", "figure", "figcaption", "body", "html", "blockquote",
    ]

    /// Whether UTF-8 text looks like HTML: its first non-blank character is `<` and a
    /// closing tag follows within the first 64 KiB.
    public static func looksLikeHTML(_ text: [UInt8]) -> Bool {
        var index = 0
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < text.count && ASCII.isWhitespace(text[index]) { index += 1 }
        guard index < text.count, text[index] == ASCII.less else { return false }
        return ASCII.find(Array("</".utf8), in: text, from: index, end: min(text.count, index + 65_536)) != nil
    }

    /// The readable text of `html` (UTF-8), as UTF-8.
    public static func text(_ html: [UInt8]) -> [UInt8] {
        var writer = Writer()
        writer.output.reserveCapacity(html.count / 2)
        var index = 0
        let count = html.count
        while index < count {
            let byte = html[index]
            if byte == ASCII.less {
                index = tag(html, at: index, writer: &writer)
            } else if byte == UInt8(ascii: "&") {
                if let (scalar, next) = HTMLEntities.decode(html, at: index) {
                    writer.scalar(scalar)
                    index = next
                } else {
                    writer.byte(byte)
                    index += 1
                }
            } else if ASCII.isWhitespace(byte) {
                if writer.preformatted {
                    if byte == ASCII.lf { writer.lineBreak() } else if byte != ASCII.cr { writer.byte(byte) }
                } else {
                    writer.pendingSpace = true
                }
                index += 1
            } else {
                writer.byte(byte)
                index += 1
            }
        }
        return writer.output
    }

    /// Handles the markup starting at `start` (at `<`) and returns the index after it.
    private static func tag(_ html: [UInt8], at start: Int, writer: inout Writer) -> Int {
        let count = html.count
        if ASCII.hasPrefix(html, at: start, Array("<!--".utf8)) {
            let end = ASCII.find(Array("-->".utf8), in: html, from: start + 4, end: count)
            return end.map { $0 + 3 } ?? count
        }
        if ASCII.hasPrefix(html, at: start, Array("<![".utf8)) {
            let end = ASCII.find(Array("]>".utf8), in: html, from: start + 3, end: count)
            return end.map { $0 + 2 } ?? count
        }
        var index = start + 1
        guard index < count else {
            writer.byte(ASCII.less)
            return count
        }
        if html[index] == UInt8(ascii: "!") || html[index] == UInt8(ascii: "?") {
            return (tagEnd(html, from: index) ?? count - 1) + 1
        }
        var closing = false
        if html[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        while index < count, index - nameStart < 40,
              ASCII.isLetter(html[index]) || ASCII.isDigit(html[index]) || html[index] == ASCII.colon || html[index] == ASCII.hyphen {
            index += 1
        }
        guard index > nameStart, ASCII.isLetter(html[nameStart]) else {
            // Not a tag ("a < b", "<3"): the `<` is text.
            writer.byte(ASCII.less)
            return start + 1
        }
        let name = ASCII.lowercased(html[nameStart..<index])
        let end = tagEnd(html, from: index) ?? (count - 1)
        let after = end + 1
        if !closing && skipped.contains(name) && !(end > start && html[end - 1] == UInt8(ascii: "/")) {
            // Skip to the matching closing tag (or to the end).
            let closer = Array("</\(name)".utf8)
            var search = after
            while let found = ASCII.find(closer, in: html, from: search, end: count) {
                let boundary = found + closer.count
                if boundary >= count || !ASCII.isLetter(html[boundary]) {
                    return (tagEnd(html, from: boundary) ?? (count - 1)) + 1
                }
                search = boundary
            }
            return count
        }
        switch name {
        case "br":
            writer.lineBreak()
        case "blockquote":
            writer.blockBoundary()
            writer.depth = closing ? max(0, writer.depth - 1) : min(writer.depth + 1, 64)
        case "pre":
            writer.blockBoundary()
            writer.preformatted = !closing
        case "td", "th":
            if !closing { writer.cellBoundary() }
        default:
            if blocks.contains(name) { writer.blockBoundary() }
        }
        return after
    }

    /// The index of the `>` ending the tag whose name ends at `from`, skipping quoted attribute values.
    private static func tagEnd(_ html: [UInt8], from: Int) -> Int? {
        var index = from
        var quote: UInt8 = 0
        while index < html.count {
            let byte = html[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == ASCII.quote || byte == ASCII.apostrophe {
                // A quote opens a value only after `=` (allowing blanks): `<p class=x don't>` has none.
                var back = index - 1
                while back >= from && ASCII.isWhitespace(html[back]) { back -= 1 }
                if back >= from && html[back] == ASCII.equals { quote = byte }
            } else if byte == ASCII.greater {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The text being written, with its quote depth and pending whitespace.
    private struct Writer {
        var output: [UInt8] = []
        var depth = 0
        var atLineStart = true
        var pendingSpace = false
        var preformatted = false

        mutating func byte(_ byte: UInt8) {
            if atLineStart {
                for _ in 0..<depth { output += [ASCII.greater, ASCII.space] }
                atLineStart = false
                pendingSpace = false
            } else if pendingSpace {
                output.append(ASCII.space)
                pendingSpace = false
            }
            output.append(byte)
        }

        mutating func scalar(_ value: UInt32) {
            if value < 0x80 {
                byte(UInt8(value))
                return
            }
            var encoded: [UInt8] = []
            Charset.appendUTF8(value, to: &encoded)
            for item in encoded { byte(item) }
        }

        mutating func lineBreak() {
            output.append(ASCII.lf)
            atLineStart = true
            pendingSpace = false
        }

        mutating func blockBoundary() {
            if !atLineStart { lineBreak() }
        }

        mutating func cellBoundary() {
            if !atLineStart {
                output.append(ASCII.tab)
                pendingSpace = false
            }
        }
    }
}
