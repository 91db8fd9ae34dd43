import Testing
@testable import Replies
import MIME

/// What a reader cannot see is not read; who sent the reply; a client secret is found but
/// never shown; the Object ID and tenant domain checks.
@Suite struct ReplyTrustTests {
    static let visible = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"
    static let hidden = "0badc0de-1111-4222-8333-444455556666"

    func text(_ html: String) -> String { String(decoding: HTMLText.text(Array(html.utf8)), as: UTF8.self) }

    @Test(arguments: [
        "<div style=\"display:none\">Client ID: \(hidden)</div>",
        "<div style=\"DISPLAY : NONE !important\">Client ID: \(hidden)</div>",
        "<span style=\"display&colon;none\">Client ID: \(hidden)</span>",
        "<span style='visibility:hidden'>Client ID: \(hidden)</span>",
        "<span style=\"visibility: collapse\">Client ID: \(hidden)</span>",
        "<p hidden>Client ID: \(hidden)</p>",
        "<p HIDDEN=\"hidden\">Client ID: \(hidden)</p>",
        "<span style=\"font-size:0\">Client ID: \(hidden)</span>",
        "<span style=\"font-size:0.0em\">Client ID: \(hidden)</span>",
        "<span style=\"font-size:1px\">Client ID: \(hidden)</span>",
        "<span style=\"opacity:0\">Client ID: \(hidden)</span>",
        "<span style=\"color:transparent\">Client ID: \(hidden)</span>",
        "<div style=\"mso-hide:all\">Client ID: \(hidden)</div>",
        "<div style=\"max-height:0;overflow:hidden\">Client ID: \(hidden)</div>",
        "<div style=\"width:0px; overflow: hidden\">Client ID: \(hidden)</div>",
        "<div style=\"display:none\"><div>nested</div><div>Client ID: \(hidden)</div></div>",
        "<img hidden alt=\"x\"><span hidden>Client ID: \(hidden)</span>",
    ])
    func hiddenHTMLIsNotText(_ hiddenPart: String) throws {
        let html = "<html><body><p>Request: SPC-7K3D-Q9XA</p>\(hiddenPart)<p>Application (client) ID: \(Self.visible)</p><p>Alex</p></body></html>"
        let shown = text(html)
        #expect(!shown.contains(Self.hidden), "\(shown)")
        #expect(shown.contains(Self.visible) && shown.contains("Alex"))
        let values = try ReplyParser.parse(text: html)
        #expect(try values.value(.clientID)?.text == Self.visible)
    }

    @Test(arguments: [
        "<span style=\"font-size:12px\">Client ID: \(hidden)</span>",
        "<span style=\"display:inline-block\">Client ID: \(hidden)</span>",
        "<span style=\"opacity:0.8\">Client ID: \(hidden)</span>",
        "<div style=\"height:0\">Client ID: \(hidden)</div>",
        "<span class=\"hidden\">Client ID: \(hidden)</span>",
        "<span title=\"hidden\">Client ID: \(hidden)</span>",
    ])
    func visibleHTMLStaysText(_ part: String) {
        #expect(text("<p>\(part)</p>").contains(Self.hidden))
    }

    @Test func aHiddenParagraphWithoutItsEndTagEndsAtTheNextOne() {
        let shown = text("<p hidden>Client ID: \(Self.hidden)<p>Client ID: \(Self.visible)</p>")
        #expect(!shown.contains(Self.hidden) && shown.contains(Self.visible))
    }

    @Test func senders() {
        #expect(SenderAddress.addresses(in: "IT Admin <Admin@Contoso.com>") == ["admin@contoso.com"])
        #expect(SenderAddress.addresses(in: "admin@contoso.com") == ["admin@contoso.com"])
        #expect(SenderAddress.addresses(in: "\"admin@contoso.com\" <mallory@evil.example>") == ["mallory@evil.example"])
        #expect(SenderAddress.addresses(in: "admin@contoso.com (it@contoso.com)") == ["admin@contoso.com"])
        #expect(SenderAddress.addresses(in: "A <a@contoso.com>, \"B, Jr.\" <b@fabrikam.example>") == ["a@contoso.com", "b@fabrikam.example"])
        #expect(SenderAddress.addresses(in: "undisclosed").isEmpty)
    }

    @Test func theSenderOfAMessageIsKnownAndTextHasNone() throws {
        let message = "From: \"IT Admin\" <admin@contoso.com>\r\nSubject: Re\r\n\r\nClient ID: \(Self.visible)\r\n"
        #expect(try ReplyParser.parse(text: message).senders == ["admin@contoso.com"])
        #expect(try ReplyParser.parse(text: "Client ID: \(Self.visible)\n").senders.isEmpty)
    }

    @Test func valuesOnlyInAnAttachmentAreNotRead() throws {
        let message = """
        From: admin@contoso.com\r
        Content-Type: multipart/mixed; boundary=b\r
        \r
        --b\r
        Content-Type: text/plain\r
        \r
        See the attached file.\r
        --b\r
        Content-Type: text/plain; name=reply.txt\r
        Content-Disposition: attachment; filename="reply.txt"\r
        \r
        Application (client) ID: \(Self.visible)\r
        --b\r
        Content-Type: text/x-log\r
        \r
        Client ID: \(Self.hidden)\r
        --b--\r

        """
        let values = try ReplyParser.parse(text: message)
        #expect(values.isEmpty)
        #expect(values.unreadAttachments.contains("attachment \"reply.txt\""))
        #expect(values.unreadAttachments.count == 2)
    }

    /// Entra's generated secrets (3 characters, a digit, `Q~`, 31 to 34 more) and labelled ones.
    static let secret = "Xy7" + "8Q~" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456_"

    @Test func clientSecretsAreFoundByLineOnly() throws {
        let text = """
        Request: SPC-7K3D-Q9XA
        Application (client) ID: \(Self.visible)
        here is a secret too: \(Self.secret)
        Certificate thumbprint: 6A452FE3586FBF5381F8315FB7BC52E807847EE0
        Client secret = 5f2Aq9ZxLmN0pQr7StUvWx
        "password": "k3yV4lu3-that.is_long~enough"
        Secret ID: \(Self.hidden)
        """
        let values = try ReplyParser.parse(text: text)
        #expect(values.secretLocations == ["line 3 of the text", "line 5 of the text", "line 6 of the text"])
        for location in values.secretLocations { #expect(!location.contains("Q~")) }
    }

    @Test func nearSecretsAreNot() throws {
        for text in ["x" + Self.secret, Self.secret + "Z", "Xy78Q~short", "thumbprint 6A452FE3586FBF5381F8315FB7BC52E807847EE0",
                     "Client secret: (none, we use the certificate)", "the secret is in the vault", Self.visible] {
            #expect(try ReplyParser.parse(text: text).secretLocations.isEmpty, "\(text)")
        }
    }

    @Test func objectIDs() throws {
        let client = Self.visible
        #expect(try ReplyCheck.objectID("{\(Self.hidden.uppercased())}", clientID: client, tenant: nil, source: "the reply") == Self.hidden)
        for bad in ["not-a-guid", "00000000-0000-0000-0000-000000000000", client] {
            #expect(throws: RepliesError(.invalidObjectID, "")) { try ReplyCheck.objectID(bad, clientID: client, tenant: nil, source: "the reply") }
        }
        #expect(throws: RepliesError(.invalidObjectID, "")) {
            try ReplyCheck.objectID(Self.hidden, clientID: client, tenant: .guid(Self.hidden), source: "the reply")
        }
    }

    @Test func tenantDomains() throws {
        func check(_ domain: String, _ asked: String) -> RepliesError.Code? {
            do {
                try ReplyCheck.tenantDomain(domain, requestTenant: asked, request: "SPC-7K3D-Q9XA", source: "the reply")
                return nil
            } catch {
                return error.code
            }
        }
        #expect(check("contoso.onmicrosoft.com", "contoso.onmicrosoft.com") == nil)
        #expect(check("contoso.onmicrosoft.com", "contoso.com") == nil)
        #expect(check("contoso.onmicrosoft.com", "72f988bf-86f1-41af-91ab-2d7cd011db47") == nil)
        #expect(check("contoso.onmicrosoft.us", "contoso.us") == nil)
        #expect(check("contoso.com", "contoso.com") == nil)
        #expect(check("contoso.onmicrosoft.com.evil.example", "contoso.onmicrosoft.com") == .tenantDomainMismatch)
        #expect(check("contoso.onmicrosoft.com.evil.example", "72f988bf-86f1-41af-91ab-2d7cd011db47") == .tenantDomainMismatch)
        #expect(check("evil.contoso.onmicrosoft.com", "contoso.com") == .tenantDomainMismatch)
        #expect(check("fabrikam.onmicrosoft.com", "contoso.onmicrosoft.com") == .tenantDomainMismatch)
        #expect(check("contoso.com", "contoso.onmicrosoft.com") == .tenantDomainMismatch)
        #expect(check("onmicrosoft.com", "contoso.com") == .tenantDomainMismatch)
    }

    @Test func theObjectIDLineIsReadInEveryShape() throws {
        let guid = Self.hidden
        for text in ["Object ID: \(guid)", "Object ID: {\(guid.uppercased())}", "> Object ID: \(guid)", "Object ID:\n\(guid)",
                     "objectId: \(guid)", "\"objectId\": \"\(guid)\"", "the app's object ID is \(guid).", "Object ID\t\(guid)",
                     "<td>Object ID</td><td>\(guid)</td>", "OBJECT ID = \(guid.uppercased())"] {
            let values = try ReplyParser.parse(text: "Application (client) ID: \(Self.visible)\n" + text + "\n")
            #expect(try values.value(.objectID)?.text == guid, "\(text)")
            #expect(try values.value(.clientID)?.text == Self.visible, "\(text)")
        }
    }
}

/// Style sheets that hide a class or an ID.
@Suite struct StyleSheetHidingTests {
    static let hidden = ReplyTrustTests.hidden
    static let visible = ReplyTrustTests.visible

    func shown(_ head: String, _ body: String) -> String {
        String(decoding: HTMLText.text(Array("<html><head>\(head)</head><body>\(body)<p>Client ID: \(Self.visible)</p></body></html>".utf8)), as: UTF8.self)
    }

    @Test(arguments: [
        ("<style>.h { display: none }</style>", "<div class=\"h\">Client ID: \(hidden)</div>"),
        ("<style><!-- /* x */ p.MsoNormal {margin:0} span.x, .y {font-size:0} --></style>", "<span class=\"a y\">Client ID: \(hidden)</span>"),
        ("<style>#zz{visibility:hidden!important}</style>", "<p id=\"ZZ\">Client ID: \(hidden)</p>"),
        ("<meta charset=utf-8><title>t</title><style type=\"text/css\">.q{mso-hide:all}</style>", "<table class=q><tr><td>Client ID: \(hidden)</td></tr></table>"),
        ("", "<style>.late{display:none}</style><span class=\"late\">Client ID: \(hidden)</span>"),
    ])
    func aClassOrIDHiddenByAStyleSheetIsNotText(_ head: String, _ body: String) throws {
        let text = shown(head, body)
        #expect(!text.contains(Self.hidden), "\(text)")
        #expect(text.contains(Self.visible))
    }

    @Test(arguments: [
        ("<style>@media only screen and (max-width:600px) { .mobile { display:none } }</style>", "<div class=\"mobile\">Client ID: \(hidden)</div>"),
        ("<style>.a .b { display:none }</style>", "<div class=\"b\">Client ID: \(hidden)</div>"),
        ("<style>.h { display: block }</style>", "<div class=\"h\">Client ID: \(hidden)</div>"),
        ("<style>.h:hover { display: none }</style>", "<div class=\"h\">Client ID: \(hidden)</div>"),
    ])
    func rulesThatHideOnlySometimesAreNotApplied(_ head: String, _ body: String) {
        #expect(shown(head, body).contains(Self.hidden))
    }
}

/// What a reply says about itself is shown without what could drive a terminal.
@Suite struct ShownTextTests {
    @Test func controlAndFormatCharactersAreEscaped() {
        #expect(SenderAddress.shown("mallory@evil.example") == "mallory@evil.example")
        #expect(SenderAddress.shown("a\u{1B}[2Jb@x.example") == "a\\u{1B}[2Jb@x.example")
        #expect(SenderAddress.shown("admin@contoso.com\u{202E}elpmaxe") == "admin@contoso.com\\u{202E}elpmaxe")
        #expect(SenderAddress.shown("ü@exämple.de") == "ü@exämple.de")
        let part = MailPart(headers: [HeaderField(name: "Content-Disposition", raw: Array("attachment; filename=\"re\u{202E}txt.exe\"".utf8))],
                            contentType: .defaultText, transferEncoding: "7bit", parts: [], body: [], isIncomplete: false)
        #expect(part.fileName == "re\\u{202E}txt.exe")
    }
}
