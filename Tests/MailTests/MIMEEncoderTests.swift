// The encoded request message, read back by Python's email package (policy.default).
import Common
import Foundation
import Mail
import Testing
import TestSupport

@Suite("MIME encoding")
struct MIMEEncoderTests {
    @Test("structure, headers, bodies and attachment bytes")
    func structureAndContent() throws {
        let message = try Fixtures.message(cc: ["helpdesk@contoso.com"])
        let encoded = try message.encoded()
        let parsed = try ParsedMail(bytes: encoded.bytes)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.crlfOnly)
        #expect(parsed.maxLine <= 78)

        let structure = parsed.structure
        #expect(structure["type"] as? String == "multipart/mixed")
        let parts = structure["parts"] as? [[String: Any]] ?? []
        #expect(parts.map { $0["type"] as? String } == ["multipart/alternative", "application/pkix-cert", "text/plain", "text/x-sh", "application/json"])
        let alternative = parts.first?["parts"] as? [[String: Any]] ?? []
        #expect(alternative.map { $0["type"] as? String } == ["text/plain", "text/html"])

        #expect(parsed.headerNames == ["From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"])
        #expect(parsed.addresses("from")?.map(\.name) == ["Dana Developer"])
        #expect(parsed.addresses("to")?.map(\.addr) == ["admin@contoso.com"])
        #expect(parsed.addresses("cc")?.map(\.addr) == ["helpdesk@contoso.com"])
        #expect(parsed.addresses("reply_to")?.map(\.addr) == ["dev@example.com"])
        #expect(parsed.subject == "SharePoint app registration request SPC-7K3D-Q9XA")
        #expect(parsed.header("Date") == ["Mon, 21 Sep 2026 23:13:20 +0100"])
        #expect(parsed.header("MIME-Version") == ["1.0"])
        let id = parsed.header("Message-ID").first ?? ""
        #expect(id == message.messageID.bracketed)
        #expect(id.hasSuffix("@example.com>") && id.count == 1 + 32 + 1 + 11 + 1)

        #expect(parsed.json["text_encoding"] as? String == "quoted-printable")
        #expect(parsed.text?.contains(Fixtures.textMarker) == true)
        #expect(parsed.text?.contains("----- BEGIN SPCONNECT REPLY -----\nRequest: SPC-7K3D-Q9XA\n----- END SPCONNECT REPLY -----") == true)
        #expect(parsed.html?.contains(Fixtures.htmlMarker) == true)

        let files = parsed.attachments
        #expect(files.map { $0["filename"] as? String } == ["contoso-reports-SPC-7K3D-Q9XA.cer", "register-app.ps1", "register-app.sh", "keyCredential.json"])
        #expect(files.map { $0["base64"] as? String } == [Fixtures.certificate, Fixtures.powershell, Fixtures.shell, Fixtures.json].map { Base64.encode($0) })
        #expect(files.allSatisfy { $0["transfer_encoding"] as? String == "base64" })
        #expect(files[1]["charset"] as? String == "utf-8")
        #expect(encoded.envelopeFrom == "dev@example.com")
        #expect(encoded.recipients == ["admin@contoso.com", "helpdesk@contoso.com"])
    }

    @Test("non-ASCII subject, names and file names; long lines; dots and From at line start")
    func internationalAndAwkwardText() throws {
        let sender = try Mailbox(name: "Jürgen Müller-Lüdenscheidt", address: "jm@bücher.example")
        let subject = "Demande d’enregistrement — アプリ登録のお願い " + String(repeating: "très long sujet ", count: 12)
        let fileName = "Zertifikat für Überweisung – ставка 📎 " + String(repeating: "lang ", count: 20) + ".cer"
        let text = ".a line starting with a dot\nFrom the start\n" + String(repeating: "x", count: 300) + "\nend with space \ncafé=€\r\nlast"
        let message = try MailMessage(
            from: sender, to: [try Mailbox(name: "日本語の名前", address: "admin@例え.テスト")], subject: subject,
            messageID: try MessageID.generate(for: sender.address), reference: "SPC-INTL-0001", textBody: text, htmlBody: "<p>\(text)</p>",
            attachments: [try MailAttachment(fileName: fileName, mediaType: "application/pkix-cert", bytes: Fixtures.certificate)])
        let encoded = try message.encoded()
        let raw = String(decoding: encoded.bytes, as: UTF8.self)
        #expect(encoded.bytes.allSatisfy { $0 < 0x80 })
        #expect(!raw.contains("\r\n.a line"))
        #expect(!raw.contains("\r\nFrom the start"))
        let parsed = try ParsedMail(bytes: encoded.bytes)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.crlfOnly)
        #expect(parsed.maxLine <= 78)
        #expect(parsed.subject == subject)
        #expect(parsed.addresses("from")?.first?.name == "Jürgen Müller-Lüdenscheidt")
        #expect(parsed.addresses("from")?.first?.addr == "jm@xn--bcher-kva.example")
        #expect(parsed.addresses("to")?.first?.name == "日本語の名前")
        #expect(parsed.addresses("to")?.first?.addr == "admin@xn--r8jz45g.xn--zckzah")
        #expect(parsed.attachments.first?["filename"] as? String == fileName)
        #expect(parsed.text == text.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(try ParsedMail(bytes: try Fixtures.message().encoded().bytes).text?.hasSuffix("END SPCONNECT REPLY -----\n") == true)
        #expect(encoded.messageID.value.hasSuffix("@xn--bcher-kva.example"))
    }

    @Test("Message-IDs are random and unique")
    func uniqueMessageIDs() throws {
        let sender = try EmailAddress("dev@example.com")
        let ids = try (0..<200).map { _ in try MessageID.generate(for: sender).value }
        #expect(Set(ids).count == 200)
        #expect(try MessageID(ids[0]).value == ids[0])
    }
}

@Suite("Outbox transport")
struct OutboxTransportTests {
    @Test("writes <reference>.eml atomically, 0600, as an Outlook draft; a re-send replaces it with the same Message-ID")
    func writesDraft() throws {
        let home = makeTemporaryFolder("outbox")
        let outbox = OutboxTransport(folder: home + "/outbox")
        let message = try Fixtures.message().encoded()
        let receipt = try outbox.deliver(message)
        let path = home + "/outbox/SPC-7K3D-Q9XA.eml"
        #expect(receipt.destination == .outbox(path: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: home + "/outbox")
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        #expect(bytes.starts(with: Array("X-Unsent: 1\r\n".utf8)))
        let parsed = try ParsedMail(path: path)
        #expect(parsed.header("X-Unsent") == ["1"])
        #expect(parsed.defects.isEmpty)
        #expect(parsed.header("Message-ID") == [message.messageID.bracketed])

        _ = try outbox.deliver(message)
        #expect(try ParsedMail(path: path).header("Message-ID") == [message.messageID.bracketed])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home + "/outbox")
        #expect(leftovers == ["SPC-7K3D-Q9XA.eml"])
    }

    @Test("an outbox path that is a file is a clear error")
    func outboxIsAFile() throws {
        let home = makeTemporaryFolder("outbox")
        _ = FileManager.default.createFile(atPath: home + "/outbox", contents: Data("x".utf8))
        let error = #expect(throws: MailError.self) { try OutboxTransport(folder: home + "/outbox").deliver(try Fixtures.message().encoded()) }
        #expect(error?.code == .outboxFailed)
        #expect(error?.location == home + "/outbox")
    }
}
