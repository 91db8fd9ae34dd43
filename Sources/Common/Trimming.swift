extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, line breaks).
    public var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

extension String {
    /// Without leading and trailing ASCII white space (space, tab, CR, LF, form feed,
    /// vertical tab) only: what the byte-level readers of replies trim.
    package var trimmed: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end && ASCII.isWhitespace(bytes[start]) { start += 1 }
        while end > start && ASCII.isWhitespace(bytes[end - 1]) { end -= 1 }
        return start == 0 && end == bytes.count ? self : String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
