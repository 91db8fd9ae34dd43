import OpenSSLSupport
import Common
import Mail
import Vault
import Templates

/// Turns a stored request and its rendered instructions into the email to the admin:
/// multipart/alternative text and HTML, the public certificate (PEM) and both scripts, none
/// with an extension on Outlook's default blocked list, From the requester, To the admins, Cc the copies,
/// Reply-To the requester, and the
/// request's own Message-ID (the same for every (re)send).
public enum RequestMessage {
    /// The message for `request`, rendered with `templates`.
    public static func compose(_ request: RequestRecord, templates: TemplateLibrary) throws -> EncodedMessage {
        let certificate = try X509Certificate(der: Array(request.certificate))
        let instructions = try InstructionRenderer.render(request: request, certificate: certificate, templates: templates)
        return try compose(request, instructions: instructions)
    }

    /// The message for `request` from instructions already rendered.
    public static func compose(_ request: RequestRecord, instructions: InstructionSet) throws(MailError) -> EncodedMessage {
        let from = try OptionMailbox.parse(request.requester, option: "from")
        let to = try request.admins.map { admin throws(MailError) in try OptionMailbox.parse(admin, option: "admin") }
        let copies = try request.cc.map { address throws(MailError) in try OptionMailbox.parse(address, option: "cc") }
        // A request keeps its Message-ID for every (re)send; one made before it had one gets a new one.
        let messageID: MessageID
        if let stored = request.messageID {
            messageID = try MessageID(stored)
        } else {
            messageID = try MessageID.generate(for: from.address)
        }
        let attachments = [
            try MailAttachment(fileName: instructions.certificateFileName, mediaType: "application/x-pem-file", bytes: instructions.certificatePEM),
            try MailAttachment(fileName: instructions.powershellAttachmentName, mediaType: "text/plain", charset: "utf-8",
                               bytes: instructions.powershellFileBytes),
            try MailAttachment(fileName: instructions.azureCLIFileName, mediaType: "text/x-shellscript", charset: "utf-8",
                               bytes: Array(instructions.azureCLI.utf8)),
        ]
        let message = try MailMessage(from: from, to: to, cc: copies, replyTo: from, subject: instructions.subject, date: MailDate.now(),
                                      messageID: messageID, reference: request.id, textBody: instructions.text,
                                      htmlBody: instructions.html, attachments: attachments)
        return try message.encoded()
    }
}
