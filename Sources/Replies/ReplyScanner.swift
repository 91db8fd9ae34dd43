import Common
import Domain
import MIME

/// Finds the values in one ``ReplyDocument``.
///
/// Every value comes from a label (see ``ReplyLabel``) and what follows it:
///
/// - after `Label:` or `Label =` (the reply block, the portal's copied lines, PowerShell
///   and JSON output) the value is what stands on the rest of the line, or, when the line
///   ends there, at the start of the next line (a block reflowed by the mail client). A
///   value of the wrong shape is reported as written (an ID with a typo), but words such
///   as "see below" are not values;
/// - in prose ("the client ID is …", a table cell after the label) the first value of the
///   right shape within 80 characters, unless a blank line, another label or the word "ID"
///   comes first (so an unlabelled "Service principal ID" next to an empty client ID is
///   never taken for it).
///
/// A label written as a script's variable (`$appId`) introduces nothing. Request IDs
/// (`SPC-XXXX-XXXX`) are taken wherever they stand.
struct ReplyScanner {
    /// A value found, with its field.
    struct Found {
        let field: ReplyField
        let value: ReplyValue
    }

    private let text: QuotedText
    private let document: ReplyDocument
    private(set) var found: [Found] = []
    /// For each reply block, whether a tenant, client or thumbprint value stands in it.
    private(set) var filledBlocks: [Bool]
    /// The lines (1-based) where a client secret stands (see ``ClientSecretFinder``), found
    /// in the same walk as the labels.
    private(set) var secretLines: [Int] = []

    static let proseWindow = 80

    init(_ document: ReplyDocument) {
        self.document = document
        text = QuotedText(document.text)
        filledBlocks = [Bool](repeating: false, count: text.blockCount)
    }

    var blockCount: Int { text.blockCount }

    mutating func scan() {
        let (labels, requests, secrets) = findLabels()
        for offset in secrets {
            let line = text.line(at: offset) + 1
            if secretLines.last != line { secretLines.append(line) }
        }
        for (number, label) in labels.enumerated() {
            let limit = number + 1 < labels.count ? labels[number + 1].start : text.flat.count
            if let (candidate, at) = value(after: label, limit: limit) { add(label.label.field, candidate, at: at) }
        }
        for (request, at) in requests { add(.request, Candidate(kind: .requestID, text: request), at: at) }
    }

    private struct LabelMatch {
        let label: ReplyLabel
        let start: Int
        let end: Int
    }

    /// The labels, the request IDs with where they start, and where client secrets stand,
    /// in one walk over the words.
    private func findLabels() -> ([LabelMatch], [(String, Int)], [Int]) {
        let flat = text.flat
        var matches: [LabelMatch] = []
        var requests: [(String, Int)] = []
        var secrets: [Int] = []
        var index = 0
        let count = flat.count
        let table = ReplyLabel.byFirstLetter
        while index < count {
            let byte = flat[index]
            guard ASCII.isLetter(byte) else {
                if byte == UInt8(ascii: "~"), index >= 5, flat[index - 1] == UInt8(ascii: "Q"), ClientSecretFinder.isSecretShape(flat, tildeAt: index) {
                    secrets.append(index)
                }
                index += 1
                continue
            }
            // At the start of a word (not a `$variable`, as in a script): try the labels starting with its letter.
            if index == 0 || !ASCII.isWordByte(flat[index - 1]) && flat[index - 1] != UInt8(ascii: "$") {
                let letter = Int(ASCII.lower(byte) - UInt8(ascii: "a"))
                var matched = false
                for label in table[letter] {
                    if let end = label.match(in: flat, at: index) {
                        matches.append(LabelMatch(label: label, start: index, end: end))
                        index = end
                        matched = true
                        break
                    }
                }
                if matched { continue }
                if letter == 18, let match = IdentifierFormat.requestID(in: flat, at: index) {   // "s"
                    requests.append((match.text, index))
                    index = match.end
                    continue
                }
                if letter == 2 || letter == 15 || letter == 18, ClientSecretFinder.labelledSecret(flat, at: index) {   // "c", "p", "s"
                    secrets.append(index)
                }
            }
            while index < count && ASCII.isWordByte(flat[index]) { index += 1 }
        }
        return (matches, requests, secrets)
    }

    /// Bytes that may open a value and are not part of it.
    private static func isOpener(_ byte: UInt8) -> Bool {
        ASCII.isBlank(byte) || byte == ASCII.quote || byte == ASCII.apostrophe || byte == UInt8(ascii: "`")
            || byte == ASCII.less || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "*")
    }

    private func value(after match: LabelMatch, limit: Int) -> (Candidate, Int)? {
        let flat = text.flat
        let count = flat.count
        var index = match.end
        if index < count && (flat[index] == ASCII.quote || flat[index] == ASCII.apostrophe) { index += 1 }
        while index < count && ASCII.isBlank(flat[index]) { index += 1 }
        var colon = false
        if index < count && (flat[index] == ASCII.colon || flat[index] == ASCII.equals) {
            colon = true
            index += 1
            if index < count && (flat[index] == ASCII.colon || flat[index] == ASCII.equals) { index += 1 }
        } else if index > match.end, index + 1 < count, flat[index] == ASCII.hyphen, ASCII.isBlank(flat[index + 1]) {
            colon = true
            index += 1
        }
        if match.label.needsColon && !colon { return nil }
        let field = match.label.field
        if colon {
            while index < count && Self.isOpener(flat[index]) { index += 1 }
            if index >= count || flat[index] == ASCII.lf {
                // Nothing after the colon: the value may stand at the start of the next line.
                guard index < count else { return nil }
                var next = index + 1
                if next < count && flat[next] == ASCII.lf { next += 1 }   // one blank line
                while next < count && Self.isOpener(flat[next]) { next += 1 }
                guard next < limit, next < count else { return nil }
                return wellFormed(field, at: next, allowDomain: true).map { ($0, next) }
            }
            guard index < limit else { return nil }
            if let value = wellFormed(field, at: index, allowDomain: true) { return (value, index) }
            return attempt(field, at: index, allowDomain: true).map { ($0, index) }
        }
        // Prose: "the client ID is …", "Application (client) ID<TAB>…".
        let windowEnd = min(limit, index + Self.proseWindow, count)
        if startsWord(flat, at: index, in: Self.addressWords) { return nil }
        var first = true
        while index < windowEnd {
            while index < windowEnd && !isTokenStart(index) {
                if flat[index] == ASCII.lf && index + 1 < count && flat[index + 1] == ASCII.lf { return nil }
                index += 1
            }
            guard index < windowEnd else { return nil }
            if let value = wellFormed(field, at: index, allowDomain: first) { return (value, index) }
            if let value = attempt(field, at: index, allowDomain: false) { return (value, index) }
            if startsWord(flat, at: index, in: Self.idWords) { return nil }
            first = false
            let wordStart = index
            while index < count && (ASCII.isWordByte(flat[index]) || flat[index] == ASCII.hyphen || flat[index] == ASCII.openBrace) { index += 1 }
            if index == wordStart { index += 1 }
        }
        return nil
    }

    private func isTokenStart(_ index: Int) -> Bool {
        let flat = text.flat
        let byte = flat[index]
        guard ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == ASCII.openBrace else { return false }
        return index == 0 || !ASCII.isWordByte(flat[index - 1]) && flat[index - 1] != ASCII.hyphen
    }

    private func startsWord(_ bytes: [UInt8], at index: Int, in words: [[UInt8]]) -> Bool {
        var end = index
        while end < bytes.count && ASCII.isWordByte(bytes[end]) { end += 1 }
        return words.contains { word in word.count == end - index && ASCII.hasPrefix(bytes, at: index, word, end: end) }
    }

    private static let addressWords: [[UInt8]] = ["uri", "url", "uris"].map { Array($0.utf8) }
    private static let idWords: [[UInt8]] = ["id", "ids"].map { Array($0.utf8) }

    /// A value's shape and text, before its place is known.
    private struct Candidate {
        let kind: ReplyValue.Kind
        let text: String
    }

    /// A value of the field's own shape starting at `index`.
    private func wellFormed(_ field: ReplyField, at index: Int, allowDomain: Bool) -> Candidate? {
        let flat = text.flat
        switch field {
        case .tenantID:
            if let match = IdentifierFormat.guid(in: flat, at: index) { return Candidate(kind: .guid, text: match.text) }
            if allowDomain, let match = IdentifierFormat.domain(in: flat, at: index) { return Candidate(kind: .domain, text: match.text) }
            return nil
        case .clientID, .objectID:
            return IdentifierFormat.guid(in: flat, at: index).map { Candidate(kind: .guid, text: $0.text) }
        case .thumbprint:
            guard let run = IdentifierFormat.thumbprint(in: flat, at: index), run.digits.count == 40, !run.overlong else { return nil }
            return Candidate(kind: .thumbprint, text: String(decoding: run.digits, as: UTF8.self))
        case .request:
            return IdentifierFormat.requestID(in: flat, at: index).map { Candidate(kind: .requestID, text: $0.text) }
        }
    }

    /// Something written where the value belongs, close enough to the field's shape to
    /// be meant as the value (an ID with a typo, a digit missing), exactly as written.
    private func attempt(_ field: ReplyField, at index: Int, allowDomain: Bool) -> Candidate? {
        let flat = text.flat
        func raw(_ slice: ArraySlice<UInt8>) -> Candidate { Candidate(kind: .malformed, text: String(decoding: slice, as: UTF8.self)) }
        switch field {
        case .tenantID, .clientID, .objectID:
            if field == .tenantID && allowDomain {
                var domain = IdentifierFormat.token(in: flat, at: index, allowing: [ASCII.hyphen, ASCII.dot, UInt8(ascii: "_")], limit: 253)
                while let last = domain.last, last == ASCII.dot { domain = domain.dropLast() }
                if domain.contains(ASCII.dot) {
                    let followedByAt = index + domain.count < flat.count && flat[index + domain.count] == UInt8(ascii: "@")
                    return domain.count >= 4 && domain.contains(where: ASCII.isLetter) && !followedByAt ? raw(domain) : nil
                }
            }
            var token = IdentifierFormat.token(in: flat, at: index, allowing: [ASCII.hyphen, ASCII.openBrace, ASCII.closeBrace, UInt8(ascii: "_")])
            while let first = token.first, first == ASCII.openBrace || first == ASCII.hyphen { token = token.dropFirst() }
            while let last = token.last, last == ASCII.closeBrace || last == ASCII.hyphen { token = token.dropLast() }
            let alphanumerics = token.filter { ASCII.isLetter($0) || ASCII.isDigit($0) }
            let hex = alphanumerics.filter(ASCII.isHex).count
            if token.count >= 16, token.count <= 64, hex * 4 >= alphanumerics.count * 3, alphanumerics.contains(where: ASCII.isDigit),
               token.contains(ASCII.hyphen) || token.count >= 30 {
                return raw(token)
            }
            return nil
        case .thumbprint:
            if let run = IdentifierFormat.thumbprint(in: flat, at: index), run.digits.count >= 16 {
                return raw(flat[index..<run.end])
            }
            let token = IdentifierFormat.token(in: flat, at: index, allowing: [])
            let hex = token.filter(ASCII.isHex).count
            if token.count >= 30, token.count <= 70, hex * 100 >= token.count * 85 { return raw(token) }
            return nil
        case .request:
            return nil
        }
    }

    private mutating func add(_ field: ReplyField, _ candidate: Candidate, at offset: Int) {
        let line = text.line(at: offset)
        let block = text.blocks[line]
        if block >= 0 && field != .request { filledBlocks[block] = true }
        let value = ReplyValue(text: candidate.text, kind: candidate.kind, document: document.name, line: line + 1,
                               level: document.baseLevel + text.levels[line], inBlock: block >= 0)
        found.append(Found(field: field, value: value))
    }
}
