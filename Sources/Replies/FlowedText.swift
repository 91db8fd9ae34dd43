import Common
import MIME

/// `format=flowed` text (RFC 3676), as Thunderbird and Apple Mail may send it.
public enum FlowedText {
    /// Joins soft-broken lines (ending in a space) with the line after them at the same
    /// quote depth, removes space-stuffing, and writes each paragraph's quote marks as
    /// `> ` per level. With `deleteSpace` (`DelSp=yes`) the space before a soft break is
    /// dropped as well.
    public static func unwrap(_ text: [UInt8], deleteSpace: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var paragraph: [UInt8] = []
        var paragraphDepth = -1
        func flush() {
            guard paragraphDepth >= 0 else { return }
            for _ in 0..<paragraphDepth { output += [ASCII.greater, ASCII.space] }
            output += paragraph
            output.append(ASCII.lf)
            paragraph.removeAll(keepingCapacity: true)
            paragraphDepth = -1
        }
        var index = 0
        while index < text.count {
            var lineEnd = index
            while lineEnd < text.count && text[lineEnd] != ASCII.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > index && text[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            var start = index
            var depth = 0
            while start < contentEnd && text[start] == ASCII.greater {
                depth += 1
                start += 1
            }
            if start < contentEnd && text[start] == ASCII.space { start += 1 }
            let line = text[start..<contentEnd]
            let isSignature = line.elementsEqual("-- ".utf8)
            let soft = !isSignature && line.last == ASCII.space
            if paragraphDepth >= 0 && paragraphDepth != depth { flush() }
            paragraphDepth = depth
            paragraph += soft && deleteSpace ? line.dropLast() : line
            if !soft { flush() }
            index = lineEnd + 1
        }
        flush()
        return output
    }
}
