/// One header field of a message or MIME part, unfolded.
public struct MailHeader: Sendable, Equatable {
    /// The field name as written (compare with ``is(_:)``, which ignores case).
    public let name: String
    /// The value's bytes after unfolding (RFC 5322 §2.2.3), leading blanks removed.
    public let raw: [UInt8]

    public init(name: String, raw: [UInt8]) {
        self.name = name
        self.raw = raw
    }

    /// The value as text, with RFC 2047 encoded-words decoded.
    public var value: String { EncodedWords.decode(raw) }

    /// Whether this field is `name`, ignoring case.
    public func `is`(_ name: String) -> Bool { self.name.lowercased() == name.lowercased() }

    /// Parses a header section: `Name: value` lines, with continuation lines (starting
    /// with a blank) folded into the field before them. Lines that are neither are skipped.
    public static func parse<C: Collection>(_ section: C) -> [MailHeader] where C.Element == UInt8, C.Index == Int {
        var headers: [MailHeader] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        func flush() {
            if !name.isEmpty {
                while let last = value.last, ASCII.isWhitespace(last) { value.removeLast() }
                headers.append(MailHeader(name: String(decoding: name, as: UTF8.self), raw: value))
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
    static func fieldNameEnd<C: Collection>(_ bytes: C, from start: Int, to end: Int) -> Int? where C.Element == UInt8, C.Index == Int {
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
