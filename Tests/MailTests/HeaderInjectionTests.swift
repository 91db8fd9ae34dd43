// Header injection: hostile values in every field that reaches a header are either
// refused (naming the field) or encoded so that Python's email package reads back
// exactly the intended headers, values and recipients.
import Foundation
import Mail
import Testing
import TestSupport

let hostileValues: [String] = [
    "a\rb", "a\nb", "a\r\nBcc: evil@evil.example", "x\r\n.\r\nMAIL FROM:<e@evil.example>", "\r\n\r\nbody",
    "a\u{0}b", "=?utf-8?q?a=0D=0ABcc:_x@evil.example?=", "=?utf-8?b?YQ0KQmNjOiB4QGV2aWwuZXhhbXBsZQ==?=",
    String(repeating: "A", count: 2000), String(repeating: "é", count: 2000),
    "Eve <eve@evil.example>, Bcc: x@evil.example", "\"Admin\" <admin@contoso.com>, x@evil.example",
    "a\u{2028}b", "a\u{2029}b", "a\u{85}b", "a\tb", "a\u{1b}[31mb", "a\u{7f}b", "x@evil.example>",
    "\\\"; Bcc: x@evil.example", "Bcc: x@evil.example", "Ärger über Öl", "日本語の名前", "🙂 emoji", "a\u{0b}b",
    "a\u{0c}b", " leading and trailing ", "multiple   spaces", "comma, and; semicolon: <angle> (paren)",
    "back\\slash \"quote\"", "=?", "?=", "=?iso-8859-1?q?=E9?=", "a\u{1c}b", "name\r", "\u{feff}bom",
    "%0d%0aBcc:x@evil.example", "\u{202e}rtl override", "filename=\"evil.exe\"; x=", "a;b=c",
    String(repeating: "word ", count: 120), String(repeating: "ü", count: 150) + " " + String(repeating: "x", count: 90),
]

/// What a field did with a hostile value: refused it (with the error) or kept it.
enum Handling {
    case refused(MailError)
    case kept

    var error: MailError? { if case .refused(let error) = self { return error }; return nil }
}

func handling(_ body: () throws(MailError) -> Void) -> Handling {
    do throws(MailError) {
        try body()
        return .kept
    } catch {
        return .refused(error)
    }
}

@Suite("Header injection")
struct HeaderInjectionTests {
    @Test("at least 30 hostile values")
    func enoughValues() {
        #expect(hostileValues.count >= 30)
        #expect(Set(hostileValues).count == hostileValues.count)
    }

    @Test("each hostile value is refused by name or reads back exactly", arguments: hostileValues)
    func refusedOrExact(_ value: String) throws {
        let hasControl = value.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 }
        let admin = try EmailAddress("admin@contoso.com")

        let name = handling { () throws(MailError) in _ = try Mailbox(name: value, address: admin, field: "--admin name") }
        let subject = handling { () throws(MailError) in _ = try Fixtures.plainMessage(subject: value) }
        let file = handling { () throws(MailError) in _ = try MailAttachment(fileName: value, mediaType: "application/pkix-cert", bytes: [1]) }
        let header = handling { () throws(MailError) in _ = try MailHeader(name: "X-Spc-Note", value: value) }

        for (result, field) in [(name, "--admin name"), (subject, "subject"), (file, "attachment file name"), (header, "header X-Spc-Note")] {
            if hasControl {
                #expect(result.error?.code == .controlCharacter, "\(field) kept a control character")
                #expect(result.error?.location == field)
                #expect(result.error?.reason.hasPrefix(field) == true)
            }
            if let error = result.error { #expect(!error.reason.isEmpty) }
        }
        if hasControl { return }

        // Build one message carrying the value in every field that kept it, and read it back.
        let to = name.error == nil ? try Mailbox(name: value, address: admin) : try Mailbox(name: "Admin", address: admin)
        let intendedSubject = subject.error == nil ? value : "plain subject"
        var attachments: [MailAttachment] = []
        if file.error == nil { attachments.append(try MailAttachment(fileName: value, mediaType: "application/pkix-cert", bytes: Fixtures.certificate)) }
        var extra: [MailHeader] = []
        if header.error == nil { extra.append(try MailHeader(name: "X-Spc-Note", value: value)) }
        let message = try Fixtures.plainMessage(to: [to], subject: intendedSubject, attachments: attachments, extraHeaders: extra)
        let encoded = try message.encoded()
        #expect(encoded.recipients == ["admin@contoso.com"])
        let parsed = try ParsedMail(bytes: encoded.bytes)

        var names = ["From", "To", "Reply-To", "Subject", "Date", "Message-ID"] + extra.map(\.name) + ["MIME-Version", "Content-Type"]
        names = names.map { $0.lowercased() }
        #expect(parsed.headerNames.map { $0.lowercased() } == names)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.crlfOnly)
        #expect(parsed.maxLine <= 998)
        let toList = parsed.addresses("to")
        #expect(toList?.count == 1)
        #expect(toList?.first?.addr == "admin@contoso.com")
        #expect(toList?.first?.name == (to.name ?? ""))
        #expect(parsed.addresses("bcc") == nil)
        #expect(parsed.addresses("cc") == nil)
        #expect(parsed.addresses("from")?.map(\.addr) == ["dev@example.com"])
        #expect(parsed.subject == intendedSubject)
        if header.error == nil { #expect(parsed.header("X-Spc-Note") == [value]) }
        if file.error == nil { #expect(parsed.attachments.first?["filename"] as? String == value) }
    }

    @Test("addresses: injection and unsupported forms are refused, naming the option", arguments: [
        ("admin@contoso.com\r\nBcc: x@evil.example", MailError.Code.controlCharacter),
        ("admin@contoso.com>, x@evil.example", .invalidAddress),
        ("x@evil.example, admin@contoso.com", .invalidAddress),
        ("Admin <admin@contoso.com>", .invalidAddress),
        ("\"quoted\"@contoso.com", .quotedLocalPart),
        ("admin@[127.0.0.1]", .invalidDomain),
        ("admin", .invalidAddress),
        ("@contoso.com", .invalidAddress),
        ("admin@", .invalidDomain),
        ("ad..min@contoso.com", .invalidAddress),
        (".admin@contoso.com", .invalidAddress),
        ("admin@contoso..com", .invalidDomain),
        ("admin@-contoso.com", .invalidDomain),
        ("admin@contoso_com", .invalidDomain),
        ("adm in@contoso.com", .invalidAddress),
        ("ädmin@contoso.com", .invalidAddress),
        ("admin@contoso.com\u{0}", .controlCharacter),
        ("admin@e\u{301}xample.com", .invalidDomain),
        ("admin@exa mple.com", .invalidDomain),
        (String(repeating: "a", count: 65) + "@contoso.com", .tooLong),
    ])
    func addressRefused(_ text: String, _ code: MailError.Code) {
        let error = #expect(throws: MailError.self) { try EmailAddress(text, field: "--admin") }
        #expect(error?.code == code, "\(error?.reason ?? "")")
        #expect(error?.location == "--admin")
    }

    @Test("addresses: internationalised domains become Punycode", arguments: [
        ("admin@münchen.de", "admin@xn--mnchen-3ya.de"),
        ("Admin@BÜCHER.example", "Admin@xn--bcher-kva.example"),
        ("ops@例え.テスト", "ops@xn--r8jz45g.xn--zckzah"),
        ("ops@例え。テスト", "ops@xn--r8jz45g.xn--zckzah"),
        (" admin@Contoso.COM ", "admin@contoso.com"),
        ("first.o'brien+spc@contoso.com", "first.o'brien+spc@contoso.com"),
    ])
    func internationalDomains(_ text: String, _ expected: String) throws {
        #expect(try EmailAddress(text).addrSpec == expected)
    }

    @Test("Message-ID, reference and extra header names are checked")
    func otherFields() throws {
        #expect(throws: MailError(.controlCharacter, "")) { try MessageID("<a@b>\r\nBcc: x@evil.example") }
        #expect(throws: MailError(.invalidMessageID, "")) { try MessageID("a b@c") }
        #expect(throws: MailError(.invalidMessageID, "")) { try MessageID("<a@b>>") }
        #expect(try MessageID("<abc.def@contoso.com>").bracketed == "<abc.def@contoso.com>")
        #expect(throws: MailError(.invalidReference, "")) { try Fixtures.plainMessage(reference: "../../etc/passwd") }
        #expect(throws: MailError(.controlCharacter, "")) { try Fixtures.plainMessage(reference: "SPC\nX") }
        #expect(throws: MailError(.invalidHeader, "")) { try MailHeader(name: "Bcc", value: "x@evil.example") }
        #expect(throws: MailError(.invalidHeader, "")) { try MailHeader(name: "Content-Type", value: "text/html") }
        #expect(throws: MailError(.controlCharacter, "")) { try MailHeader(name: "X-A: b\r\nBcc", value: "x") }
        #expect(throws: MailError(.invalidHeader, "")) { try MailHeader(name: "X-A: b", value: "x") }
        #expect(throws: MailError(.invalidHeader, "")) { try MailHeader(name: "X Spaced", value: "x") }
        #expect(throws: MailError(.invalidAttachment, "")) { try MailAttachment(fileName: "../evil.cer", mediaType: "application/pkix-cert", bytes: []) }
        #expect(throws: MailError(.invalidAttachment, "")) { try MailAttachment(fileName: "a.cer", mediaType: "text/html\r\nX: y", bytes: []) }
    }

    @Test("the config file's from form is read, and refused when hostile")
    func mailboxParsing() throws {
        let plain = try Mailbox(parsing: "Dana Developer <dev@example.com>")
        #expect(plain.name == "Dana Developer")
        #expect(plain.address.addrSpec == "dev@example.com")
        let quoted = try Mailbox(parsing: "\"Smith, \\\"JJ\\\" John\" <j@example.com>")
        #expect(quoted.name == "Smith, \"JJ\" John")
        #expect(try Mailbox(parsing: "dev@example.com").name == nil)
        #expect(throws: MailError(.controlCharacter, "")) { try Mailbox(parsing: "Eve <eve@example.com>\r\nBcc: x@evil.example", field: "from") }
        #expect(throws: MailError(.tooLong, "")) { try Mailbox(name: String(repeating: "n", count: 257), address: "a@example.com") }
    }
}
