import Common
import OpenSSLSupport
import MIME

/// Writes a ``MailMessage`` as RFC 5322 / MIME bytes.
///
/// ```
/// multipart/mixed
/// ├── multipart/alternative
/// │   ├── text/plain; charset=utf-8   (quoted-printable)
/// │   └── text/html; charset=utf-8    (quoted-printable)
/// └── one part per attachment         (base64, Content-Disposition: attachment)
/// ```
/// Every header value is built from checked tokens (never concatenated from raw text),
/// boundaries come from the CSPRNG and contain `=_`, which neither quoted-printable nor
/// base64 output can contain, and the result is checked once more: CRLF line ends only,
/// no line over 998 octets.
public enum MIMEEncoder {
    /// Encodes the message.
    public static func encode(_ message: MailMessage) throws(MailError) -> EncodedMessage {
        let mixed = try boundary("mixed")
        let alternative = try boundary("alt")
        var out: [UInt8] = []
        for field in headerFields(message, boundary: mixed) { out += field.rendered() }
        out += crlf
        out += line("This is a multi-part message in MIME format.")
        out += line("--" + mixed)
        out += HeaderField(name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(alternative)\""]).rendered()
        out += crlf
        for (subtype, text) in [("plain", message.textBody), ("html", message.htmlBody)] {
            out += line("--" + alternative)
            out += HeaderField(name: "Content-Type", tokens: ["text/\(subtype);", "charset=utf-8"]).rendered()
            out += HeaderField(name: "Content-Transfer-Encoding", tokens: ["quoted-printable"]).rendered()
            out += crlf
            out += QuotedPrintable.encode(text)
        }
        out += line("--" + alternative + "--")
        for attachment in message.attachments {
            out += line("--" + mixed)
            out += attachmentHeaders(attachment)
            out += crlf
            out += MIMEBase64.encode(attachment.bytes)
        }
        out += line("--" + mixed + "--")
        try check(out)
        return EncodedMessage(reference: message.reference, messageID: message.messageID,
                              envelopeFrom: message.from.address.addrSpec, recipients: message.envelopeRecipients, bytes: out)
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private static func line(_ text: String) -> [UInt8] { Array(text.utf8) + crlf }

    static func headerFields(_ message: MailMessage, boundary: String) -> [HeaderField] {
        var fields = [
            HeaderField(name: "From", tokens: message.from.headerTokens),
            HeaderField(name: "To", tokens: Mailbox.listTokens(message.to)),
        ]
        if !message.cc.isEmpty { fields.append(HeaderField(name: "Cc", tokens: Mailbox.listTokens(message.cc))) }
        if let replyTo = message.replyTo { fields.append(HeaderField(name: "Reply-To", tokens: replyTo.headerTokens)) }
        fields += [
            HeaderField(name: "Subject", tokens: HeaderField.unstructuredTokens(message.subject)),
            HeaderField(name: "Date", tokens: [message.date.rfc5322]),
            HeaderField(name: "Message-ID", tokens: [message.messageID.bracketed]),
        ]
        fields += message.extraHeaders.map(\.field)
        fields += [
            HeaderField(name: "MIME-Version", tokens: ["1.0"]),
            HeaderField(name: "Content-Type", tokens: ["multipart/mixed;", "boundary=\"\(boundary)\""]),
        ]
        return fields
    }

    private static func attachmentHeaders(_ attachment: MailAttachment) -> [UInt8] {
        var type = [attachment.mediaType + ";"]
        if let charset = attachment.charset { type.append("charset=\(charset);") }
        type += MIMEParameter.legacyNameTokens(name: "name", value: attachment.fileName)
        let disposition = ["attachment;"] + MIMEParameter.tokens(name: "filename", value: attachment.fileName)
        return HeaderField(name: "Content-Type", tokens: type).rendered()
            + HeaderField(name: "Content-Disposition", tokens: disposition).rendered()
            + HeaderField(name: "Content-Transfer-Encoding", tokens: ["base64"]).rendered()
    }

    private static func boundary(_ kind: String) throws(MailError) -> String {
        let bytes = try MailError.randomBytes(16)
        return "=_spc_\(kind)_" + Hex.upper(bytes)
    }

    /// The last line of defence: CRLF only, no line over 998 octets.
    private static func check(_ bytes: [UInt8]) throws(MailError) {
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else {
                    throw MailError(.invalidHeader, "the encoder produced a bare carriage return", location: "message")
                }
                lineLength = 0
                index += 2
                continue
            }
            guard byte != 0x0A else { throw MailError(.invalidHeader, "the encoder produced a bare line feed", location: "message") }
            lineLength += 1
            guard lineLength <= 998 else { throw MailError(.tooLong, "the encoder produced a line over 998 octets", location: "message") }
            index += 1
        }
    }
}
