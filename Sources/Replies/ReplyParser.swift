import Domain
import MIME

/// Reads an admin's reply, whatever shape it arrives in, and finds its values.
///
/// The input may be a whole message as a mail client saves it (`.eml`: RFC 5322 with
/// MIME multiparts, quoted-printable or base64 bodies, HTML, several charsets), plain
/// text (a pasted reply, what the generated scripts print; UTF-8, UTF-16 or
/// Windows-1252), or an HTML file. Every text part is decoded (see ``documents(of:)``)
/// and searched (see `ReplyScanner`) for the reply block's fields.
///
/// Guarantees:
/// - a value returned always occurs in the decoded text; only its case, braces and
///   separators may differ;
/// - values from the newest text win over quoted or forwarded text; at the same level,
///   two different values are reported, never chosen between (``ReplyValues/value(_:)``);
/// - any bytes at all give a result or a ``RepliesError``, never a crash, and a reply of
///   1 MB takes a few milliseconds.
public enum ReplyParser {
    /// The largest reply read: 16 MiB. A reply is a few kilobytes of text; a larger
    /// message carries attachments, and the reply's text can be saved or pasted on its own.
    public static let maximumSize = 16 << 20

    /// The level given to the message's Subject, so that any body text wins over it.
    static let subjectLevel = 1000

    /// Finds the reply's values.
    ///
    /// - Throws: ``RepliesError/Code/tooLarge`` over ``maximumSize``,
    ///   ``RepliesError/Code/notText`` for binary data.
    public static func parse(_ bytes: [UInt8]) throws(RepliesError) -> ReplyValues {
        let reading = try read(bytes)
        var found: [ReplyField: [ReplyValue]] = [:]
        var blocks = 0
        var filled = 0
        var secrets: [String] = []
        for document in reading.documents {
            var scanner = ReplyScanner(document)
            scanner.scan()
            for item in scanner.found { found[item.field, default: []].append(item.value) }
            blocks += scanner.blockCount
            filled += scanner.filledBlocks.filter { $0 }.count
            secrets += scanner.secretLines.map { "line \($0) of the \(document.name)" }
        }
        var notes = reading.notes
        notes += compareShadowed(reading.shadowed, with: &found)
        var cautions: [String: String] = [:]
        for document in reading.documents { if let caution = document.caution { cautions[document.name] = caution } }
        var unread: [String] = []
        for attachment in reading.attachments {
            var scanner = ReplyScanner(attachment)
            scanner.scan()
            if scanner.found.contains(where: { $0.field != .request }) { unread.append(attachment.name) }
        }
        return ReplyValues(values: ReplyValues.choose(found), blockCount: blocks, filledBlockCount: filled,
                           isIncomplete: reading.incomplete, notes: notes, senders: reading.senders, secretLocations: secrets,
                           unreadAttachments: unread, isMessage: reading.isMessage, fromField: reading.fromField,
                           cautions: cautions)
    }

    /// Compares plain-text alternatives with the HTML shown: a value of a kind the HTML also
    /// gives is added (so two different ones are a conflict, never a choice); a value the
    /// HTML does not give at all is not used, and said so.
    private static func compareShadowed(_ shadowed: [ReplyDocument], with found: inout [ReplyField: [ReplyValue]]) -> [String] {
        var notes: [String] = []
        let shown = found
        for document in shadowed {
            var scanner = ReplyScanner(document)
            scanner.scan()
            var differing: [(field: ReplyField, value: ReplyValue)] = []
            for item in scanner.found where !(shown[item.field] ?? []).contains(where: { $0.text.lowercased() == item.value.text.lowercased() }) {
                if (shown[item.field] ?? []).contains(where: { $0.kind == item.value.kind }) {
                    found[item.field, default: []].append(item.value)
                } else {
                    differing.append((item.field, item.value))
                }
            }
            guard !differing.isEmpty else { continue }
            let listed = differing.prefix(3).map { "\($0.field.label) \($0.value.quoted)" }.joined(separator: ", ")
            notes.append("the \(document.name) carries values the HTML alternative does not show (\(listed)); mail clients that show HTML "
                         + "show only the HTML, so only its values were read: check with the admin which values are right")
        }
        return notes
    }

    /// Finds the values in text already decoded (a convenience for tests and callers
    /// that hold a String).
    public static func parse(text: String) throws(RepliesError) -> ReplyValues {
        try parse(Array(text.utf8))
    }

    /// The texts values are looked for in: each text part of a message (attachments and
    /// attached messages one level deeper, the Subject last), or the whole input; then the
    /// plain-text alternatives of HTML parts, which are only compared with the HTML.
    public static func documents(of bytes: [UInt8]) throws(RepliesError) -> [ReplyDocument] {
        let reading = try read(bytes)
        return reading.documents + reading.shadowed
    }

    /// What a reply's bytes hold before values are looked for.
    private struct Reading {
        var documents: [ReplyDocument]
        var incomplete = false
        var notes: [String] = []
        /// The addresses of the message's `From` (none for text).
        var senders: [String] = []
        /// Text attachments: not searched for values, only looked at to say so.
        var attachments: [ReplyDocument] = []
        /// Plain-text alternatives of an HTML part: not searched, only compared with it.
        var shadowed: [ReplyDocument] = []
        /// Whether the input is an email (its From may still be missing or unreadable).
        var isMessage = false
        /// The message's From field as written, when it has one.
        var fromField: String?
    }

    private static func read(_ bytes: [UInt8]) throws(RepliesError) -> Reading {
        guard bytes.count <= maximumSize else {
            throw RepliesError(.repliesTooLarge, "the reply is \(megabytes(bytes.count)), more than the \(maximumSize >> 20) MiB a reply may be")
        }
        if OutlookMessage.looksLikeOutlookMessage(bytes) {
            let message = try OutlookMessage.read(bytes)
            return Reading(documents: message.documents, senders: message.senders, shadowed: message.shadowed, isMessage: true, fromField: message.fromField)
        }
        if MessageReader.looksLikeMessage(bytes) {
            let message = MessageReader.read(bytes)
            var collector = Collector()
            collector.collect(message, baseLevel: 0)
            if let subject = message.header("Subject") {
                collector.documents.append(ReplyDocument(name: "Subject", text: TextNormalizer.normalize(Array(subject.value.utf8)),
                                                         baseLevel: subjectLevel))
            }
            if message.isIncomplete { collector.notes.append("the message ends before its last part closes: it may have been cut short") }
            return Reading(documents: collector.documents, incomplete: message.isIncomplete, notes: collector.notes,
                           senders: SenderAddress.addresses(in: message.header("From")?.value ?? ""), attachments: collector.attachments,
                           shadowed: collector.shadowed,
                           isMessage: true, fromField: message.header("From")?.value)
        }
        let text = try plainText(bytes)
        let html = HTMLText.looksLikeHTML(text)
        let document = html ? ReplyDocument.html(name: "HTML text", text, baseLevel: 0)
            : ReplyDocument(name: "text", text: TextNormalizer.normalize(text), baseLevel: 0)
        return Reading(documents: [document])
    }

    /// Input that is not a message, as UTF-8: by byte-order mark, UTF-16 without one
    /// (every other byte zero), else UTF-8 repaired as Windows-1252.
    private static func plainText(_ bytes: [UInt8]) throws(RepliesError) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xFE]) { return Charset.decode(Array(bytes.dropFirst(2)), as: .utf16LE) }
        if bytes.starts(with: [0xFE, 0xFF]) { return Charset.decode(Array(bytes.dropFirst(2)), as: .utf16BE) }
        let sample = bytes.prefix(4096)
        if sample.count >= 8 {
            var evenZeros = 0
            var oddZeros = 0
            for (offset, byte) in sample.enumerated() where byte == 0 {
                if offset % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
            }
            let half = sample.count / 2
            if oddZeros * 10 >= half * 4 && evenZeros * 20 < half { return Charset.decode(bytes, as: .utf16LE) }
            if evenZeros * 10 >= half * 4 && oddZeros * 20 < half { return Charset.decode(bytes, as: .utf16BE) }
        }
        let head = bytes.prefix(65_536)
        let controls = head.filter { ($0 < 0x20 && !(0x09...0x0D).contains($0) && $0 != 0x1B) || $0 == 0x7F }.count
        if !head.isEmpty && controls * 50 > head.count {
            throw RepliesError(.notText, "this is binary data, not an email or text (\(controls) control bytes in the first \(head.count))")
        }
        return Charset.repairedUTF8(bytes)
    }

    private static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    /// Walks a message's parts and decodes the text ones. Only what a reader sees as the
    /// message's own text is searched: attachments (a `.txt`, any text part that is not
    /// plain or HTML; an attached message is read as a forward) are kept apart, and so is hidden HTML (see ``HTMLText``).
    private struct Collector {
        var documents: [ReplyDocument] = []
        var attachments: [ReplyDocument] = []
        var notes: [String] = []
        var shadowed: [ReplyDocument] = []

        mutating func collect(_ part: MailPart, baseLevel: Int, inAttachment: Bool = false) {
            let type = part.contentType
            if type.isMultipart, type.subtype == "alternative" {
                // A reader sees one alternative: the HTML one, when there is one (RFC 2046 §5.1.4,
                // the last one the client can show). The plain one is only compared with it.
                var inner = Collector()
                for child in part.parts { inner.collect(child, baseLevel: baseLevel, inAttachment: inAttachment || part.isAttachment) }
                let hasHTML = inner.documents.contains { $0.name == "text/html part" }
                for document in inner.documents {
                    if hasHTML && document.name == "text/plain part" { shadowed.append(document) } else { documents.append(document) }
                }
                attachments += inner.attachments
                notes += inner.notes
                shadowed += inner.shadowed
                return
            }
            if type.isMultipart {
                for child in part.parts { collect(child, baseLevel: baseLevel, inAttachment: inAttachment || part.isAttachment) }
                return
            }
            if type.type == "message" {
                // An attached message is read as a message one level deeper (a forward); its From is not the reply's.
                for inner in part.parts { collect(inner, baseLevel: baseLevel + 1, inAttachment: inAttachment) }
                return
            }
            guard type.isText, type.subtype != "calendar", type.subtype != "rtf", let (utf8, known, _) = part.text() else { return }
            let inline = (type.subtype == "plain" || type.subtype == "html") && !part.isAttachment && !inAttachment
            let html = type.isHTML || (type.subtype != "plain" && HTMLText.looksLikeHTML(utf8))
            let read = html ? ReplyDocument.html(name: "", utf8, baseLevel: 0) : ReplyDocument(name: "", text: TextNormalizer.normalize(utf8), baseLevel: 0)
            let text = read.text
            guard inline else {
                attachments.append(ReplyDocument(name: "attachment \(part.fileName.map { "\"\($0)\"" } ?? "(\(type.mimeType))")", text: text,
                                                 baseLevel: baseLevel + 1))
                return
            }
            if !known, let charset = type.charset {
                notes.append("the \(type.mimeType) part's charset \(charset) is not one spconnect knows; it was read as UTF-8 (Windows-1252 where not valid)")
            }
            documents.append(ReplyDocument(name: "\(type.mimeType) part", text: text, baseLevel: baseLevel, caution: read.caution))
        }
    }
}
