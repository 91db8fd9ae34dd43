import Common
import Domain
import MIME

/// A text's lines with their quote marks taken off, and for each line how deep in the
/// thread it stands and which reply block, if any, it belongs to.
///
/// The lines' contents are joined with LF in ``flat``, where labels are looked for, so
/// a label or value broken across lines by a mail client still reads as one.
///
/// A line's *level* is its quote depth (`>`, `> >`, `>>`… or HTML `<blockquote>`) plus the
/// number of reply headers above it that introduce unmarked quoted text: Outlook's
/// `From:` / `Sent:` block and `-----Original Message-----`, Gmail's
/// `---------- Forwarded message ---------`, Apple Mail's `Begin forwarded message:`.
/// An attribution line such as `On … wrote:` followed by `>`-quoted lines adds nothing,
/// since the quote marks already say it.
struct QuotedText {
    /// The lines' contents (quote marks and surrounding blanks removed), each followed by LF.
    private(set) var flat: [UInt8] = []
    /// Where each line's content starts and ends in ``flat``.
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var depths: [Int] = []
    private(set) var levels: [Int] = []
    /// The reply block each line belongs to, or -1.
    private(set) var blocks: [Int] = []
    /// How many reply blocks there are.
    private(set) var blockCount = 0

    static let maximumDepth = 64
    /// A block whose END marker is missing ends this many lines after its BEGIN.
    static let unterminatedBlockLines = 15

    init(_ text: [UInt8]) {
        flat.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            var lineEnd = index
            while lineEnd < text.count && text[lineEnd] != ASCII.lf { lineEnd += 1 }
            var start = index
            var depth = 0
            while start < lineEnd {
                let byte = text[start]
                if ASCII.isBlank(byte) {
                    start += 1
                } else if byte == ASCII.greater {
                    depth += 1
                    start += 1
                } else {
                    break
                }
            }
            var end = lineEnd
            while end > start && ASCII.isWhitespace(text[end - 1]) { end -= 1 }
            starts.append(flat.count)
            flat.append(contentsOf: text[start..<end])
            ends.append(flat.count)
            flat.append(ASCII.lf)
            depths.append(min(depth, Self.maximumDepth))
            index = lineEnd + 1
        }
        computeLevels()
        computeBlocks()
    }

    var lineCount: Int { starts.count }

    /// The line holding offset `offset` of ``flat``.
    func line(at offset: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return max(low, 0)
    }

    func isBlank(_ line: Int) -> Bool { starts[line] == ends[line] }

    // MARK: - Levels

    private mutating func computeLevels() {
        var counted = [Int](repeating: 0, count: Self.maximumDepth + 1)
        levels = [Int](repeating: 0, count: lineCount)
        var previousWasSeparator = false
        var line = 0
        while line < lineCount {
            let depth = depths[line]
            var level = depth
            for below in 0...depth { level += counted[below] }
            levels[line] = level
            if isBlank(line) {
                line += 1
                continue
            }
            if let kind = separator(line), !(kind == .headerBlock && previousWasSeparator) {
                // Counted only when the quoted text after it is not marked with `>` already.
                if let next = nextNonBlank(after: line), depths[next] <= depth { counted[depth] += 1 }
                previousWasSeparator = true
            } else {
                previousWasSeparator = false
            }
            line += 1
        }
    }

    private enum Separator {
        case marker, attribution, headerBlock
    }

    private static let beginForwarded: [UInt8] = Array("begin forwarded message".utf8)
    /// The reply block's marker words (``ReplyBlock``), lower case.
    private static let blockName: [[UInt8]] = ReplyBlock.name.split(separator: " ").map { ASCII.bytes(String($0)) }
    private static let begin: [UInt8] = ASCII.bytes(ReplyBlock.beginWord)
    private static let end: [UInt8] = ASCII.bytes(ReplyBlock.endWord)

    private static let markers: [[UInt8]] = [
        "original message", "forwarded message", "message d'origine", "ursprüngliche nachricht", "mensaje original",
        "messaggio originale", "oorspronkelijk bericht", "mensagem original", "doorgestuurd bericht", "weitergeleitete nachricht",
        "message transféré", "mensaje reenviado",
    ].map { Array($0.utf8) }
    private static let attributionEndings: [[UInt8]] = ["wrote:", "schrieb:", "a écrit :", "a écrit:", "escribió:", "scritto:", "schreef:", "escreveu:"]
        .map { Array($0.utf8) }
    private static let fromLabels: [[UInt8]] = ["from:", "von:", "de :", "de:", "van:", "da:"].map { Array($0.utf8) }
    private static let headerLabels: [[UInt8]] = [
        "sent:", "date:", "subject:", "to:", "gesendet:", "datum:", "betreff:", "envoyé :", "envoyé:", "objet :", "enviado:",
        "fecha:", "asunto:", "verzonden:", "onderwerp:", "inviato:", "oggetto:",
    ].map { Array($0.utf8) }

    private func separator(_ line: Int) -> Separator? {
        let start = starts[line]
        let end = ends[line]
        let length = end - start
        guard length > 0 else { return nil }
        if length < 120, flat[start] == ASCII.hyphen || flat[start] == UInt8(ascii: "_") || ASCII.hasPrefix(flat, at: start, Self.beginForwarded, end: end) {
            if ASCII.hasPrefix(flat, at: start, Self.beginForwarded, end: end) { return .marker }
            for marker in Self.markers where ASCII.find(marker, in: flat, from: start, end: end) != nil { return .marker }
        }
        if length < 400, flat[end - 1] == ASCII.colon {
            for ending in Self.attributionEndings where end - ending.count >= start && ASCII.hasPrefix(flat, at: end - ending.count, ending, end: end) {
                return .attribution
            }
        }
        let first = ASCII.lower(flat[start])
        guard first == UInt8(ascii: "f") || first == UInt8(ascii: "v") || first == UInt8(ascii: "d") else { return nil }
        for label in Self.fromLabels where ASCII.hasPrefix(flat, at: start, label, end: end) {
            // A From: line followed, within a few lines, by Sent:/Date:/Subject:/To:.
            var next = line + 1
            var seen = 0
            while next < lineCount && seen < 5 {
                if !isBlank(next) {
                    if depths[next] != depths[line] { break }
                    for header in Self.headerLabels where ASCII.hasPrefix(flat, at: starts[next], header, end: ends[next]) { return .headerBlock }
                    seen += 1
                }
                next += 1
            }
            return nil
        }
        return nil
    }

    private func nextNonBlank(after line: Int) -> Int? {
        var next = line + 1
        while next < lineCount {
            if !isBlank(next) { return next }
            next += 1
        }
        return nil
    }

    // MARK: - Reply blocks

    private enum Marker { case begin, end }

    private func marker(_ line: Int) -> Marker? {
        let start = starts[line]
        let end = ends[line]
        guard end - start < 200, let first = Self.blockName.first, let at = ASCII.find(first, in: flat, from: start, end: end) else { return nil }
        var index = at + first.count
        for word in Self.blockName.dropFirst() {
            while index < end && ASCII.isBlank(flat[index]) { index += 1 }
            guard ASCII.hasPrefix(flat, at: index, word, end: end) else { return nil }
            index += word.count
        }
        if ASCII.find(Self.begin, in: flat, from: start, end: at) != nil { return .begin }
        if ASCII.find(Self.end, in: flat, from: start, end: at) != nil { return .end }
        return nil
    }

    private mutating func computeBlocks() {
        blocks = [Int](repeating: -1, count: lineCount)
        var current = -1
        var openedAt = 0
        for line in 0..<lineCount {
            switch marker(line) {
            case .begin?:
                current = blockCount
                blockCount += 1
                openedAt = line
                blocks[line] = current
            case .end?:
                if current >= 0 {
                    blocks[line] = current
                    current = -1
                } else if line > 0 {
                    // An END without its BEGIN (cut off above): the lines just above it.
                    let block = blockCount
                    blockCount += 1
                    var back = line
                    while back >= 0 && line - back <= Self.unterminatedBlockLines && blocks[back] == -1 {
                        blocks[back] = block
                        back -= 1
                        if back >= 0 && isBlank(back) { break }
                    }
                }
            case nil:
                if current >= 0 {
                    if line - openedAt > Self.unterminatedBlockLines {
                        current = -1
                    } else {
                        blocks[line] = current
                    }
                }
            }
        }
    }
}
