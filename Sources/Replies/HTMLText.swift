import Common
import MIME

/// The text of an HTML mail body, as a reader would see it: tags removed, block
/// elements and `<br>` as line breaks, table cells separated by a tab, character
/// references decoded, whitespace collapsed outside `<pre>`, and each line inside
/// `<blockquote>` prefixed with `> ` per level (so HTML quoting reads as text quoting).
/// `<head>`, `<style>`, `<script>`, `<title>` and comments (including Outlook's
/// conditional comments) are dropped.
public enum HTMLText {
    /// What an element does to the text.
    private enum Kind {
        /// Its whole content is not text to read (`head`, `style`, `script`…).
        case skipped
        /// It starts and ends a line.
        case block
        case lineBreak, blockquote, preformatted, cell
    }

    /// A tag name of up to 16 bytes, lower case, packed for lookup without making a String.
    private struct Name: Hashable, Comparable {
        let high: UInt64
        let low: UInt64

        init?<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            guard bytes.count <= 16 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (offset, byte) in bytes.enumerated() {
                let folded = UInt64(ASCII.lower(byte))
                if offset < 8 { high |= folded << (8 * UInt64(offset)) } else { low |= folded << (8 * UInt64(offset - 8)) }
            }
            self.high = high
            self.low = low
        }

        static func < (lhs: Name, rhs: Name) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
    }

    /// The names spconnect reads something from, sorted for a binary search (a dictionary's
    /// hashing costs more than the search for these few).
    private static let kinds: [(Name, Kind)] = {
        var table: [(Name, Kind)] = []
        for name in ["head", "style", "script", "title", "template", "xml", "noscript", "object"] { table.append((Name(Array(name.utf8))!, .skipped)) }
        for name in ["p", "div", "tr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead",
                     "tfoot", "caption", "hr", "section", "article", "header", "footer", "address", "center", "form", "fieldset",
                     "main", "nav", "aside", "figure", "figcaption", "body", "html", "details", "summary"] {
            table.append((Name(Array(name.utf8))!, .block))
        }
        for (name, kind) in [("br", Kind.lineBreak), ("blockquote", .blockquote), ("pre", .preformatted), ("td", .cell), ("th", .cell)] {
            table.append((Name(Array(name.utf8))!, kind))
        }
        return table.sorted { $0.0 < $1.0 }
    }()

    private static func lookUp(_ name: Name, in table: [(Name, Kind)]) -> Kind? {
        var low = 0
        var high = table.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let candidate = table[middle].0
            if candidate == name { return table[middle].1 }
            if candidate < name { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    private static let closingTagStart: [UInt8] = Array("</".utf8)
    private static let styleName: [UInt8] = Array("style".utf8)
    private static let headName: [UInt8] = Array("head".utf8)
    private static let styleOpener: [UInt8] = Array("<style".utf8)
    private static let styleCloser: [UInt8] = Array("</style".utf8)
    private static let commentStart: [UInt8] = Array("<!--".utf8)
    private static let commentEnd: [UInt8] = Array("-->".utf8)
    private static let conditionalStart: [UInt8] = Array("<![".utf8)
    private static let conditionalEnd: [UInt8] = Array("]>".utf8)

    /// Whether UTF-8 text looks like HTML: its first non-blank character is `<` and a
    /// closing tag follows within the first 64 KiB.
    public static func looksLikeHTML(_ text: [UInt8]) -> Bool {
        var index = 0
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < text.count && ASCII.isWhitespace(text[index]) { index += 1 }
        guard index < text.count, text[index] == ASCII.less else { return false }
        return ASCII.find(closingTagStart, in: text, from: index, end: min(text.count, index + 65_536)) != nil
    }

    /// The readable text of `html` (UTF-8), as UTF-8.
    public static func text(_ html: [UInt8]) -> [UInt8] { read(html).text }

    /// The readable text of `html`, and the style-sheet rules that hide content but that
    /// spconnect cannot apply (see `HiddenElement`): when there are any, text read here
    /// may be text the reader does not see.
    public static func read(_ html: [UInt8]) -> (text: [UInt8], unappliedRules: [String]) {
        var writer = Writer()
        writer.output.reserveCapacity(html.count / 2)
        let table = kinds
        var index = 0
        let count = html.count
        while index < count {
            let byte = html[index]
            if byte == ASCII.less {
                index = tag(html, at: index, writer: &writer, table: table)
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
        return (writer.output, writer.hiddenRules.unapplied)
    }

    /// Handles the markup starting at `start` (at `<`) and returns the index after it.
    private static func tag(_ html: [UInt8], at start: Int, writer: inout Writer, table: [(Name, Kind)]) -> Int {
        let count = html.count
        if ASCII.hasPrefix(html, at: start, commentStart) {
            let end = ASCII.find(commentEnd, in: html, from: start + 4, end: count)
            return end.map { $0 + 3 } ?? count
        }
        if ASCII.hasPrefix(html, at: start, conditionalStart) {
            let end = ASCII.find(conditionalEnd, in: html, from: start + 3, end: count)
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
        let kind = Name(html[nameStart..<index]).flatMap { lookUp($0, in: table) }
        let end = tagEnd(html, from: index) ?? (count - 1)
        let after = end + 1
        // A closed `<details>` shows only its summary: none of it is read.
        let closedDetails = !closing && ASCII.lowercased(html[nameStart..<index]) == "details"
            && !html[index..<max(index, end)].split(whereSeparator: { ASCII.isWhitespace($0) || $0 == ASCII.equals || $0 == UInt8(ascii: "/") })
                .contains { ASCII.lowercased($0) == "open" }
        if !closing, closedDetails || (end > index && HiddenElement.isHidden(html, from: index, to: end, rules: writer.hiddenRules)) {
            // What a reader cannot see is not read: skip to the element's end.
            if kind == .block { writer.blockBoundary() }
            let selfClosing = html[end - 1] == UInt8(ascii: "/")
            return selfClosing || isVoid(html[nameStart..<index]) ? after : skipElement(html, named: html[nameStart..<index], from: after)
        }
        if !closing, kind == .skipped, !(end > start && html[end - 1] == UInt8(ascii: "/")) {
            // Skip to the matching closing tag (or to the end).
            let closer = closingTagStart + html[nameStart..<index].map(ASCII.lower)
            var search = after
            var contentEnd = count
            var resume = count
            while let found = ASCII.find(closer, in: html, from: search, end: count) {
                let boundary = found + closer.count
                if boundary >= count || !ASCII.isLetter(html[boundary]) {
                    contentEnd = found
                    resume = (tagEnd(html, from: boundary) ?? (count - 1)) + 1
                    break
                }
                search = boundary
            }
            // Style sheets (in <head> or in the body) may hide elements by class or ID.
            let name = html[nameStart..<index].map(ASCII.lower)
            if name == styleName {
                writer.hiddenRules.read(html[after..<max(after, contentEnd)])
            } else if name == headName {
                var styleSearch = after
                while let styleStart = ASCII.find(styleOpener, in: html, from: styleSearch, end: contentEnd),
                      let open = tagEnd(html, from: styleStart + styleOpener.count) {
                    let close = ASCII.find(styleCloser, in: html, from: open + 1, end: contentEnd) ?? contentEnd
                    writer.hiddenRules.read(html[(open + 1)..<max(open + 1, close)])
                    styleSearch = close
                }
            }
            return resume
        }
        switch kind {
        case .lineBreak?:
            writer.lineBreak()
        case .blockquote?:
            writer.blockBoundary()
            writer.depth = closing ? max(0, writer.depth - 1) : min(writer.depth + 1, 64)
        case .preformatted?:
            writer.blockBoundary()
            writer.preformatted = !closing
        case .cell?:
            if !closing { writer.cellBoundary() }
        case .block?:
            writer.blockBoundary()
        case .skipped?, nil:
            break
        }
        return after
    }

    private static let voidElements: Set<[UInt8]> = Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                                          "param", "source", "track", "wbr"].map { Array($0.utf8) })
    /// Elements whose end tag may be left out: the next one of the same name ends them.
    private static let optionalEnd: Set<[UInt8]> = Set(["p", "li", "td", "th", "tr", "dt", "dd", "option"].map { Array($0.utf8) })

    private static func isVoid(_ name: ArraySlice<UInt8>) -> Bool { voidElements.contains(name.map(ASCII.lower)) }

    /// The index after the end of the element called `name` whose content starts at
    /// `start`, counting nested elements of the same name (the end of the text if it never ends).
    private static func skipElement(_ html: [UInt8], named name: ArraySlice<UInt8>, from start: Int) -> Int {
        let lower = name.map(ASCII.lower)
        let opener = [ASCII.less] + lower
        let closer = closingTagStart + lower
        let endsAtNextSibling = optionalEnd.contains(lower)
        var depth = 1
        var index = start
        let count = html.count
        while index < count {
            guard let found = ASCII.find([ASCII.less], in: html, from: index, end: count) else { return count }
            if ASCII.hasPrefix(html, at: found, commentStart) {
                index = ASCII.find(commentEnd, in: html, from: found + 4, end: count).map { $0 + 3 } ?? count
                continue
            }
            let isCloser = ASCII.hasPrefix(html, at: found, closer)
            let isOpener = !isCloser && ASCII.hasPrefix(html, at: found, opener)
            let boundary = found + (isCloser ? closer.count : opener.count)
            guard isCloser || isOpener, boundary >= count || !(ASCII.isLetter(html[boundary]) || ASCII.isDigit(html[boundary])) else {
                index = found + 1
                continue
            }
            let tagClose = tagEnd(html, from: boundary) ?? (count - 1)
            if isCloser {
                depth -= 1
                if depth == 0 { return tagClose + 1 }
            } else if endsAtNextSibling && depth == 1 {
                return found
            } else if html[tagClose - 1] != UInt8(ascii: "/") {
                depth += 1
            }
            index = tagClose + 1
        }
        return count
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
        /// The classes and IDs the message's style sheets hide.
        var hiddenRules = HiddenElement.Rules()

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
