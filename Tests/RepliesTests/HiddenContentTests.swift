import Testing
@testable import Replies

/// What an HTML mail client shows is what is read: the HTML alternative rather than the
/// plain one, and style sheets that hide content by rules spconnect cannot apply make the
/// part's values untrusted (a caution) instead of silently read.
@Suite struct HiddenContentTests {
    static let tenant = "41e5d472-f4b3-42f7-a7ed-1eefb1e3bc65"
    static let client = "043b1e1c-0632-439e-8e7f-025f33659073"
    static let planted = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"

    static func alternative(plain: String, html: String) -> [UInt8] {
        Array(("From: IT Admin <admin@contoso.com>\r\nTo: dev@contoso.com\r\nSubject: Re: request SPC-97Z4-2QSN\r\nMIME-Version: 1.0\r\n"
               + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(plain)\r\n"
               + "--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\(html)\r\n--b1--\r\n").utf8)
    }

    @Test func aValueOnlyInThePlainAlternativeIsNotReadButWarnedAbout() throws {
        let values = try ReplyParser.parse(Self.alternative(
            plain: "Directory (tenant) ID: \(Self.tenant)\r\nApplication (client) ID: \(Self.planted)",
            html: "<html><body><p>Directory (tenant) ID: \(Self.tenant)</p><p>See you</p></body></html>"))
        #expect(try values.value(.tenantID)?.text == Self.tenant)
        #expect(try values.value(.tenantID)?.document == "text/html part")
        #expect(try values.value(.clientID) == nil)
        let note = try #require(values.notes.first { $0.contains("HTML alternative does not show") }, "\(values.notes)")
        #expect(note.contains(Self.planted))
    }

    @Test func theSameValuesInBothAlternativesGiveNoNote() throws {
        let values = try ReplyParser.parse(Self.alternative(plain: "Application (client) ID: \(Self.client)",
                                                            html: "<div>Application (client) ID: \(Self.client)</div>"))
        #expect(try values.value(.clientID)?.text == Self.client)
        #expect(values.notes.isEmpty, "\(values.notes)")
    }

    /// Style sheets whose hiding rules cannot be applied: each makes the HTML's values need a check.
    @Test(arguments: [
        "b{display:none}",
        "div p{display:none}",
        "@media all{.x{display:none}}",
        "p:first-child{visibility:hidden}",
        "*{opacity:0}",
    ])
    func aStyleSheetRuleThatCannotBeAppliedMakesACaution(_ sheet: String) throws {
        let html = "<html><head><style>\(sheet)</style></head><body><div><p>Application (client) ID: <b>\(Self.planted)</b></p></div></body></html>"
        let document = try #require(try ReplyParser.documents(of: Array(html.utf8)).first)
        let caution = try #require(document.caution, "\(sheet)")
        #expect(caution.contains("cannot apply"))
        let values = try ReplyParser.parse(Array(html.utf8))
        #expect(values.cautions[document.name] == caution)
    }

    @Test func aStyleSheetThatHidesNothingMakesNoCaution() throws {
        let html = "<html><head><style>p{margin:0} .x{display:none} @media screen{p{color:#333}}</style></head>"
            + "<body><p>Application (client) ID: \(Self.client)</p><p class=x>\(Self.planted)</p></body></html>"
        let document = try #require(try ReplyParser.documents(of: Array(html.utf8)).first)
        #expect(document.caution == nil)
        #expect(try ReplyParser.parse(Array(html.utf8)).value(.clientID)?.text == Self.client)
    }

    /// Inline styles that hide, beyond display and visibility: not read.
    @Test(arguments: [
        "position:absolute;left:-9999px", "text-indent:-9999px", "font-size:0.01em", "font-size:1%", "opacity:0.001",
        "clip:rect(0,0,0,0);position:absolute", "clip-path:inset(50%)", "transform:scale(0)", "transform:scaleX(0.01)",
        "color:#fff;background-color:#ffffff", "color:white;background:rgb(255,255,255)",
    ])
    func anInlineStyleThatHidesIsNotRead(_ style: String) throws {
        let html = "<html><body><p>Application (client) ID: \(Self.client)</p><p style=\"\(style)\">Application (client) ID: \(Self.planted)</p></body></html>"
        let values = try ReplyParser.parse(Array(html.utf8))
        #expect(try values.value(.clientID)?.text == Self.client, "\(style)")
    }

    @Test(arguments: ["color:#fff", "opacity:0.5", "font-size:0.9em", "left:-10px;position:relative", "transform:scale(1)"])
    func aVisibleStyleIsRead(_ style: String) throws {
        let html = "<html><body><p style=\"\(style)\">Application (client) ID: \(Self.client)</p></body></html>"
        #expect(try ReplyParser.parse(Array(html.utf8)).value(.clientID)?.text == Self.client, "\(style)")
    }

    @Test func aClosedDetailsElementIsNotReadAnOpenOneIs() throws {
        let closed = "<html><body><p>Application (client) ID: \(Self.client)</p><details><summary>more</summary>Application (client) ID: \(Self.planted)</details></body></html>"
        #expect(try ReplyParser.parse(Array(closed.utf8)).value(.clientID)?.text == Self.client)
        let open = "<html><body><details open><summary>more</summary>Application (client) ID: \(Self.client)</details></body></html>"
        #expect(try ReplyParser.parse(Array(open.utf8)).value(.clientID)?.text == Self.client)
    }
}
