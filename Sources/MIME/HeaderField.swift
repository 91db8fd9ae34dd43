import Common

/// One header field (RFC 5322 §2.2): folded between its tokens when written, unfolded
/// when read.
///
/// A field to be written is built from the tokens of its value. Tokens are joined by
/// single spaces; a line may be folded (CRLF, then the space) only between two tokens,
/// so folding never changes what a reader unfolds. Lines are kept to 78 characters where
/// the tokens allow, and never reach 998.
///
/// A field that was read (``parse(_:)``) holds its value's bytes as unfolded. Two fields
/// are equal when their names and unfolded values are, so a written field equals the one
/// a reader parses back from ``rendered()``.
public struct HeaderField: Sendable, Equatable {
    /// The field name as written (compare with ``is(_:)``, which ignores case).
    public let name: String
    /// The value's bytes after unfolding (RFC 5322 §2.2.3), leading blanks removed.
    public let raw: [UInt8]
    /// The tokens ``rendered()`` may fold between; nil for a field that was read.
    private let tokens: [String]?

    static let preferredLength = 78

    /// A field as read: its name and its unfolded value.
    public init(name: String, raw: [UInt8]) {
        self.name = name
        self.raw = raw
        self.tokens = nil
    }

    /// A field to be written: its name and the tokens of its value, each free of line breaks.
    public init(name: String, tokens: [String]) {
        self.name = name
        self.raw = Array(tokens.joined(separator: " ").utf8)
        self.tokens = tokens
    }

    /// Whether both fields have the same name and the same unfolded value.
    public static func == (left: HeaderField, right: HeaderField) -> Bool {
        left.name == right.name && left.raw == right.raw
    }

    /// The value as text, with RFC 2047 encoded-words decoded.
    public var value: String { EncodedWords.decode(raw) }

    /// Whether this field is `name`, ignoring case.
    public func `is`(_ name: String) -> Bool { self.name.lowercased() == name.lowercased() }

    /// The field as CRLF-terminated bytes, folded between tokens; a field that was read
    /// is written on one line, as it was unfolded.
    public func rendered() -> [UInt8] {
        var out = Array((name + ":").utf8)
        guard let tokens else {
            if !raw.isEmpty { out += [0x20] + raw }
            return out + [0x0D, 0x0A]
        }
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
    public static func unstructuredTokens(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let plain = ASCII.isPrintable(text) && !EncodedWords.mayLookEncoded(text)
            && !words.isEmpty && words.allSatisfy { !$0.isEmpty && $0.count <= 70 }
        return plain ? words.map(String.init) : EncodedWords.encode(text)
    }

    /// Parses a header section: `Name: value` lines, with continuation lines (starting
    /// with a blank) folded into the field before them. Lines that are neither are skipped.
    @inlinable public static func parse<C: Collection>(_ section: C) -> [HeaderField] where C.Element == UInt8, C.Index == Int {
        var headers: [HeaderField] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        func flush() {
            if !name.isEmpty {
                while let last = value.last, ASCII.isWhitespace(last) { value.removeLast() }
                headers.append(HeaderField(name: String(decoding: name, as: UTF8.self), raw: value))
            }
            name.removeAll()
            value.removeAll()
        }
        var index = section.startIndex
        let end = section.endIndex
        while index < end {
            var lineEnd = index
            while lineEnd < end && section[lineEnd] != ASCII.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > index && section[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if index < contentEnd && ASCII.isBlank(section[index]) {
                if !name.isEmpty {
                    // Unfolding removes the line break only; the blank that starts the line stays.
                    value.append(contentsOf: section[index..<contentEnd])
                }
            } else if let colon = fieldNameEnd(section, from: index, to: contentEnd) {
                flush()
                name = Array(section[index..<colon])
                while let last = name.last, ASCII.isBlank(last) { name.removeLast() }
                var valueStart = colon + 1
                while valueStart < contentEnd && ASCII.isBlank(section[valueStart]) { valueStart += 1 }
                value = Array(section[valueStart..<contentEnd])
            } else {
                flush()
            }
            index = lineEnd + 1
        }
        flush()
        return headers
    }

    /// The index of the colon ending a field name (printable ASCII but colon, RFC 5322
    /// §3.6.8, blanks allowed before the colon as obsolete syntax), or nil.
    @inlinable package static func fieldNameEnd<C: Collection>(_ bytes: C, from start: Int, to end: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == ASCII.colon { break }
            if ASCII.isBlank(byte) {
                // Blanks may only stand between the name and its colon.
                while index < end && ASCII.isBlank(bytes[index]) { index += 1 }
                guard index < end, bytes[index] == ASCII.colon else { return nil }
                break
            }
            guard byte > 0x20 && byte < 0x7F else { return nil }
            index += 1
        }
        guard index < end, index > start else { return nil }
        return index
    }
}
