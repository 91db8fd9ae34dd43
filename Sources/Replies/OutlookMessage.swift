import Common
import MIME

/// An Outlook `.msg` file (what Outlook's "Save As" writes on Windows): a Compound File
/// whose top-level streams are the message's properties ([MS-OXMSG] §2.1: a property's
/// stream is `__substg1.0_` + its ID and type in hex). Read here: the Subject (0x0037), the
/// plain-text body (0x1000), the HTML body (0x1013), the transport headers (0x007D, for
/// `From`) and the sender's addresses (0x5D01, 0x0C1F). Attachments and recipients, in
/// their own storages, are not read: values in attachments are not taken.
///
/// The format: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxmsg/
/// (§2.1.3 property streams; types 0x001F UTF-16LE, 0x001E 8-bit, 0x0102 binary, [MS-OXCDATA] §2.11.1).
struct OutlookMessage {
    /// The texts to search: the body, the HTML body, the Subject.
    let documents: [ReplyDocument]
    /// The plain-text body when there is an HTML one too: Outlook shows the HTML, so the
    /// plain body is only compared with it.
    let shadowed: [ReplyDocument]
    /// The sender's addresses, lower case.
    let senders: [String]
    /// The transport headers' From field as written, when there is one.
    let fromField: String?

    static func looksLikeOutlookMessage(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: CompoundFile.signature)
    }

    static func read(_ bytes: [UInt8]) throws(RepliesError) -> OutlookMessage {
        let file = try CompoundFile(bytes)
        guard file.streams.keys.contains(where: { $0.hasPrefix("__substg1.0_") }) || file.streams["__properties_version1.0"] != nil else {
            throw RepliesError(.notText, "this is a Compound File (an Office document), but not an Outlook message: it has no message properties")
        }
        var documents: [ReplyDocument] = []
        var shadowed: [ReplyDocument] = []
        let html = try string(file, 0x1013)
        if let body = try string(file, 0x1000) {
            let document = ReplyDocument(name: "message body", text: TextNormalizer.normalize(body), baseLevel: 0)
            if html == nil { documents.append(document) } else { shadowed.append(document) }
        }
        if let html {
            documents.append(ReplyDocument.html(name: "HTML body", html, baseLevel: 0))
        }
        if documents.isEmpty {
            throw RepliesError(.noReply, "this Outlook message has neither a plain-text nor an HTML body (only rich text, which spconnect does not read)",
                               facts: ErrorFacts(values: [.input: "richText"]))
        }
        if let subject = try string(file, 0x0037) {
            documents.append(ReplyDocument(name: "Subject", text: TextNormalizer.normalize(subject), baseLevel: ReplyParser.subjectLevel))
        }
        // The From of the message as it arrived (transport headers), else the sender's SMTP address.
        var senders: [String] = []
        var fromField: String?
        if let headers = try string(file, 0x007D) {
            let fields = HeaderField.parse(headers)
            if let from = fields.first(where: { $0.is("From") }) {
                fromField = from.value
                senders = SenderAddress.addresses(in: from.value)
            }
        }
        if senders.isEmpty {
            for property: UInt16 in [0x5D01, 0x0C1F, 0x0065] {
                if let text = try string(file, property), let address = SenderAddress.normalized(String(decoding: text, as: UTF8.self)) {
                    senders = [address]
                    break
                }
            }
        }
        return OutlookMessage(documents: documents, shadowed: shadowed, senders: senders, fromField: fromField)
    }

    /// A string property as UTF-8: its Unicode stream, else its 8-bit stream, else (HTML)
    /// its binary one; nil when the message has none.
    private static func string(_ file: CompoundFile, _ property: UInt16) throws(RepliesError) -> [UInt8]? {
        let id = String(property, radix: 16, uppercase: true)
        let name = "__substg1.0_" + String(repeating: "0", count: 4 - id.count) + id
        if let unicode = try file.stream(name + "001F") {
            var text = Charset.decode(unicode, as: .utf16LE)
            while text.last == 0 { text.removeLast() }
            return text
        }
        for type in ["001E", "0102"] {
            if var raw = try file.stream(name + type) {
                while raw.last == 0 { raw.removeLast() }
                return Charset.decode(raw, as: .utf8)
            }
        }
        return nil
    }
}
