import Common
import MIME

/// Reads an Internet message (RFC 5322) and its MIME structure (RFC 2045, RFC 2046).
///
/// The reader never fails: whatever bytes it is given, it returns the structure it can
/// see. A multipart without its closing boundary keeps the parts found so far and is
/// marked ``MailPart/isIncomplete``. Nesting is limited to ``maximumDepth`` levels and
/// ``maximumParts`` parts in all; deeper or further content is kept as an opaque body.
public enum MessageReader {
    /// How deep multiparts and attached messages may nest.
    public static let maximumDepth = 16
    /// How many MIME parts one message may have in all.
    public static let maximumParts = 1000

    private static let knownFields: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "received", "return-path", "delivered-to", "reply-to", "sender",
        "in-reply-to", "references", "thread-topic", "thread-index", "x-mailer", "user-agent", "dkim-signature",
    ]

    /// Whether `bytes` start like a message: header fields (at least one of the usual
    /// ones, such as From, Subject or Content-Type), before an empty line or the end.
    /// An mbox `From ` line first is allowed.
    public static func looksLikeMessage(_ bytes: [UInt8]) -> Bool {
        var index = skipMboxLine(bytes)
        var sawKnown = false
        var lines = 0
        while index < bytes.count, lines < 200 {
            var lineEnd = index
            while lineEnd < bytes.count && bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > index && bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if contentEnd == index { return sawKnown && lines > 0 }
            if ASCII.isBlank(bytes[index]) {
                if lines == 0 { return false }
            } else if let colon = HeaderField.fieldNameEnd(bytes, from: index, to: contentEnd) {
                let name = ASCII.lowercased(bytes[index..<colon])
                if knownFields.contains(name) || name.hasPrefix("x-") || name.hasPrefix("arc-") { sawKnown = true }
            } else {
                return false
            }
            lines += 1
            index = lineEnd + 1
        }
        return sawKnown && lines > 0
    }

    /// The message's structure.
    public static func read(_ bytes: [UInt8]) -> MailPart {
        var budget = maximumParts
        return part(bytes[skipMboxLine(bytes)...], defaultType: .defaultText, depth: 0, budget: &budget)
    }

    private static func skipMboxLine(_ bytes: [UInt8]) -> Int {
        guard ASCII.hasPrefix(bytes, at: 0, Array("from ".utf8)) else { return 0 }
        var index = 0
        while index < bytes.count && bytes[index] != ASCII.lf { index += 1 }
        return min(index + 1, bytes.count)
    }

    private static func part(_ bytes: ArraySlice<UInt8>, defaultType: ContentType, depth: Int, budget: inout Int) -> MailPart {
        budget -= 1
        let (headerEnd, bodyStart) = splitHeader(bytes)
        let headers = HeaderField.parse(bytes[bytes.startIndex..<headerEnd])
        let typeHeader = headers.first { $0.is("Content-Type") }
        let contentType = typeHeader.map { ContentType(parsing: $0.value) } ?? defaultType
        let encoding = (headers.first { $0.is("Content-Transfer-Encoding") }?.value ?? "7bit").trimmed.lowercased()
        let body = bytes[bodyStart...]

        if contentType.isMultipart, depth < maximumDepth, budget > 0, let boundary = contentType.boundary, !boundary.isEmpty {
            let (pieces, closed) = split(body, boundary: Array(boundary.utf8))
            let childDefault: ContentType = contentType.subtype == "digest" ? .message : .defaultText
            var children: [MailPart] = []
            for piece in pieces where budget > 0 {
                children.append(part(piece, defaultType: childDefault, depth: depth + 1, budget: &budget))
            }
            return MailPart(headers: headers, contentType: contentType, transferEncoding: encoding, parts: children, body: [],
                            isIncomplete: !closed || children.contains { $0.isIncomplete })
        }
        if contentType.type == "message", contentType.subtype == "rfc822" || contentType.subtype == "global",
           depth < maximumDepth, budget > 0 {
            let inner: [UInt8]
            var incomplete = false
            switch encoding {
            case "base64": (inner, incomplete) = MIMEBase64.decode(body)
            case "quoted-printable": inner = QuotedPrintable.decode(body)
            default: inner = Array(body)
            }
            let message = part(inner[...], defaultType: .defaultText, depth: depth + 1, budget: &budget)
            return MailPart(headers: headers, contentType: contentType, transferEncoding: "7bit", parts: [message], body: [],
                            isIncomplete: incomplete || message.isIncomplete)
        }
        return MailPart(headers: headers, contentType: contentType, transferEncoding: encoding, parts: [], body: Array(body),
                        isIncomplete: false)
    }

    /// Where the header section ends and the body starts. A part whose first line is
    /// neither a header field nor empty has no header section.
    private static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (headerEnd: Int, bodyStart: Int) {
        var index = bytes.startIndex
        var first = true
        while index < bytes.endIndex {
            var lineEnd = index
            while lineEnd < bytes.endIndex && bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > index && bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if contentEnd == index {
                return (index, min(lineEnd + 1, bytes.endIndex))
            }
            if first && !ASCII.isBlank(bytes[index]) && HeaderField.fieldNameEnd(bytes, from: index, to: contentEnd) == nil {
                return (bytes.startIndex, bytes.startIndex)
            }
            first = false
            index = lineEnd + 1
        }
        return (bytes.endIndex, bytes.endIndex)
    }

    /// The parts between `--boundary` lines, and whether the closing `--boundary--` was seen.
    private static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> ([ArraySlice<UInt8>], Bool) {
        var pieces: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        let end = body.endIndex
        while index < end {
            var lineEnd = index
            while lineEnd < end && body[lineEnd] != ASCII.lf { lineEnd += 1 }
            if isDelimiter(body, from: index, to: lineEnd, boundary: boundary) {
                if let start = partStart {
                    // The line break before the delimiter belongs to the delimiter.
                    var pieceEnd = index
                    if pieceEnd > start && body[pieceEnd - 1] == ASCII.lf { pieceEnd -= 1 }
                    if pieceEnd > start && body[pieceEnd - 1] == ASCII.cr { pieceEnd -= 1 }
                    pieces.append(body[start..<max(start, pieceEnd)])
                }
                let afterBoundary = index + 2 + boundary.count
                if afterBoundary + 1 < lineEnd, body[afterBoundary] == ASCII.hyphen, body[afterBoundary + 1] == ASCII.hyphen {
                    return (pieces, true)
                }
                partStart = min(lineEnd + 1, end)
            }
            index = lineEnd + 1
        }
        if let start = partStart, start < end { pieces.append(body[start..<end]) }
        return (pieces, false)
    }

    private static func isDelimiter(_ body: ArraySlice<UInt8>, from start: Int, to lineEnd: Int, boundary: [UInt8]) -> Bool {
        guard lineEnd - start >= boundary.count + 2, body[start] == ASCII.hyphen, body[start + 1] == ASCII.hyphen else { return false }
        var offset = 0
        while offset < boundary.count {
            if body[start + 2 + offset] != boundary[offset] { return false }
            offset += 1
        }
        // After the boundary: optional "--", then only blanks (transport padding) and CR.
        var index = start + 2 + boundary.count
        if index + 1 < lineEnd, body[index] == ASCII.hyphen, body[index + 1] == ASCII.hyphen { index += 2 }
        while index < lineEnd {
            if !ASCII.isBlank(body[index]) && body[index] != ASCII.cr { return false }
            index += 1
        }
        return true
    }
}
