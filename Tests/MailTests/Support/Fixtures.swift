// A sample request message, as the `request` command will build it.
import Common
import Mail

enum Fixtures {
    static let certificate: [UInt8] = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    static let powershell = Array("# Register the app\r\nConnect-MgGraph -Scopes Application.ReadWrite.All\r\nWrite-Host \"done\"\r\n".utf8)
    static let shell = Array("#!/bin/sh\naz ad app create --display-name 'contoso reports'\n".utf8)
    static let json = Array("{\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":\"QUJD\"}\n".utf8)

    static let textMarker = "TEXT-MARKER-7K3D"
    static let htmlMarker = "HTML-MARKER-Q9XA"

    static func message(from: String = "dev@example.com", to: [String] = ["admin@contoso.com"], cc: [String] = [],
                        reference: String = "SPC-7K3D-Q9XA", subject: String = "SharePoint app registration request SPC-7K3D-Q9XA",
                        messageID: MessageID? = nil) throws -> MailMessage {
        let sender = try Mailbox(name: "Dana Developer", address: from)
        return try MailMessage(
            from: sender,
            to: try to.map { try Mailbox(name: "Tenant Admin", address: $0) },
            cc: try cc.map { try Mailbox(address: $0) },
            replyTo: sender,
            subject: subject,
            date: MailDate(secondsSince1970: 1_790_028_800, utcOffsetMinutes: 60),
            messageID: try messageID ?? MessageID.generate(for: sender.address),
            reference: reference,
            textBody: "Hello,\nplease register the app.\n\(textMarker)\n----- BEGIN SPCONNECT REPLY -----\nRequest: SPC-7K3D-Q9XA\n----- END SPCONNECT REPLY -----\n",
            htmlBody: "<html><body><p>Hello, please register the app.</p><p>\(htmlMarker)</p></body></html>\n",
            attachments: [
                try MailAttachment(fileName: "contoso-reports-\(reference).cer", mediaType: "application/pkix-cert", bytes: certificate),
                try MailAttachment(fileName: "register-app.ps1", mediaType: "text/plain", charset: "utf-8", bytes: powershell),
                try MailAttachment(fileName: "register-app.sh", mediaType: "text/x-sh", charset: "utf-8", bytes: shell),
                try MailAttachment(fileName: "keyCredential.json", mediaType: "application/json", bytes: json),
            ]
        )
    }
}

extension Fixtures {
    /// A small message whose fields the header-injection tests vary.
    static func plainMessage(to: [Mailbox]? = nil, subject: String = "plain subject", reference: String = "SPC-TEST-0001",
                             attachments: [MailAttachment] = [], extraHeaders: [MailHeader] = []) throws(MailError) -> MailMessage {
        let sender = try Mailbox(name: "Dana Developer", address: "dev@example.com")
        let recipients: [Mailbox]
        if let to { recipients = to } else { recipients = [try Mailbox(name: "Admin", address: "admin@contoso.com")] }
        return try MailMessage(from: sender, to: recipients, replyTo: sender, subject: subject,
                               date: MailDate(secondsSince1970: 1_790_028_800), messageID: try MessageID("<fixed.1@example.com>"),
                               reference: reference, textBody: "text", htmlBody: "<p>html</p>",
                               attachments: attachments, extraHeaders: extraHeaders)
    }
}
