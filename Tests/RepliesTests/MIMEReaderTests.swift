import Testing
@testable import Replies
import MIME

/// The MIME reader's pieces, each against hand-made input.
@Suite struct MIMEReaderTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func quotedPrintable() {
        #expect(text(QuotedPrintable.decode(bytes("caf=C3=A9 =3D ok"))) == "café = ok")
        #expect(text(QuotedPrintable.decode(bytes("72f988bf-86f1-41af-91=\r\nab-2d7cd011db47"))) == "72f988bf-86f1-41af-91ab-2d7cd011db47")
        #expect(text(QuotedPrintable.decode(bytes("soft = \t\nbreak"))) == "soft break")
        #expect(text(QuotedPrintable.decode(bytes("lower =c3=a9 case"))) == "lower é case")
        #expect(text(QuotedPrintable.decode(bytes("kept =ZZ and = alone and end="))) == "kept =ZZ and = alone and end")
    }

    @Test func base64() {
        #expect(text(MIMEBase64.decode(bytes("SGVsbG8s\r\nIHdvcmxk\r\nIQ==")).bytes) == "Hello, world!")
        #expect(MIMEBase64.decode(bytes("SGVsbG8=")).incomplete == false)
        #expect(MIMEBase64.decode(bytes("SGVsbG")).incomplete == true)
        #expect(text(MIMEBase64.decode(bytes("S G V s\u{7}bG8")).bytes) == "Hello")
    }

    @Test func encodedWords() {
        #expect(EncodedWords.decode(bytes("=?utf-8?q?caf=C3=A9_au_lait?=")) == "café au lait")
        #expect(EncodedWords.decode(bytes("=?ISO-8859-1?Q?R=E9ponse?= =?utf-8?B?IOKAkyBvaw==?=")) == "Réponse – ok")
        #expect(EncodedWords.decode(bytes("Re: =?utf-8?q?a?= b")) == "Re: a b")
        #expect(EncodedWords.decode(bytes("=?utf-8?x?bad?= =?utf-8?q?unterminated")) == "=?utf-8?x?bad?= =?utf-8?q?unterminated")
        #expect(EncodedWords.decode(bytes("=?windows-1252*en?q?=93quoted=94?=")) == "\u{201C}quoted\u{201D}")
    }

    @Test func headersUnfold() {
        let headers = HeaderField.parse(bytes("Subject: a long\r\n subject\r\nX-Empty:\r\nnot a header\r\nTo : someone\r\n"))
        #expect(headers.map(\.name) == ["Subject", "X-Empty", "To"])
        guard headers.count == 3 else { return }
        #expect(headers[0].value == "a long subject")
        #expect(headers[1].value == "")
        #expect(headers[2].value == "someone")
    }

    @Test func contentType() {
        let type = ContentType(parsing: "Multipart/Alternative; boundary=\"a;b \\\"c\\\"\"; charset=UTF-8")
        #expect(type.mimeType == "multipart/alternative")
        #expect(type.boundary == "a;b \"c\"")
        #expect(type.charset == "UTF-8")
        let continued = ContentType(parsing: "text/plain; title*0*=utf-8''caf%C3%A9; title*1=\" au lait\"")
        #expect(continued.parameters["title"] == "café au lait")
        #expect(ContentType(parsing: "garbage").mimeType == "text/plain")
        #expect(ContentType(parsing: "text/plain; format=Flowed").isFlowed)
    }

    @Test func nestedMultipartsAndAnAttachedMessage() throws {
        let message = """
        From: a@contoso.com\r
        Content-Type: multipart/mixed; boundary=outer\r
        \r
        preamble\r
        --outer\r
        Content-Type: multipart/alternative; boundary="inner"\r
        \r
        --inner\r
        Content-Type: text/plain; charset=iso-8859-1\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        gr=FC=DFe\r
        --inner\r
        Content-Type: text/html\r
        \r
        <p>hi</p>\r
        --inner--\r
        --outer\r
        Content-Type: message/rfc822\r
        \r
        Subject: inner\r
        \r
        inside\r
        --outer--\r
        epilogue\r
        """
        let root = MessageReader.read(bytes(message))
        #expect(root.contentType.mimeType == "multipart/mixed")
        #expect(root.parts.count == 2)
        #expect(!root.isIncomplete)
        let alternative = root.parts[0]
        #expect(alternative.parts.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(text(try #require(alternative.parts[0].text()).utf8) == "grüße")
        let attached = root.parts[1]
        #expect(attached.parts.first?.header("subject")?.value == "inner")
        #expect(text(attached.parts.first?.body ?? []) == "inside")
    }

    @Test func aCutMultipartKeepsWhatItHasAndSaysSo() {
        let root = MessageReader.read(bytes("Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst\n--b\nContent-Type: text/html\n\n<p>cut"))
        #expect(root.isIncomplete)
        #expect(root.parts.count == 2)
        #expect(text(root.parts[1].body) == "<p>cut")
    }

    @Test func nestingIsBounded() {
        var message = ""
        for level in 0..<100 { message += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" }
        message += "\nbody\n"
        let root = MessageReader.read(bytes(message))
        var depth = 0
        var part = root
        while let child = part.parts.first {
            part = child
            depth += 1
        }
        #expect(depth <= MessageReader.maximumDepth)
    }

    @Test func looksLikeAMessage() {
        #expect(MessageReader.looksLikeMessage(bytes("From: a@b\nSubject: x\n\nbody")))
        #expect(MessageReader.looksLikeMessage(bytes("From a@b Mon Mar  3 10:12:00 2025\nFrom: a@b\n\nbody")))
        #expect(!MessageReader.looksLikeMessage(bytes("Request: SPC-7K3D-Q9XA\nDirectory (tenant) ID: x\n")))
        #expect(!MessageReader.looksLikeMessage(bytes("Hello\n")))
    }

    @Test func charsets() {
        #expect(text(Charset.decode([0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0x80], charset: "windows-1252").utf8) == "\u{201C}q\u{201D} \u{2013} €")
        #expect(text(Charset.decode([0xE9, 0x92], charset: "ISO-8859-1").utf8) == "é\u{2019}")
        #expect(text(Charset.decode([0xA4], charset: "iso-8859-15").utf8) == "€")
        #expect(text(Charset.decode([0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x00, 0xDE], charset: "utf-16").utf8) == "A😀")
        #expect(text(Charset.decode([0x41, 0x00], charset: "UTF-16LE").utf8) == "A")
        #expect(text(Charset.decode([0x63, 0x61, 0x66, 0xE9], charset: "utf-8").utf8) == "café")
        let unknown = Charset.decode(Array("ok".utf8), charset: "x-klingon")
        #expect(!unknown.known && text(unknown.utf8) == "ok")
        #expect(Charset.isValidUTF8(Array("日本語".utf8)))
        #expect(!Charset.isValidUTF8([0xED, 0xA0, 0x80]))   // a surrogate
        #expect(!Charset.isValidUTF8([0xC0, 0xAF]))         // overlong
    }

    @Test func formatFlowed() {
        let flowed = "This line is \r\nsoft-broken.\r\n> quoted \r\n> continues\r\n>> deeper\r\n \r\n-- \r\nsig\r\n"
        #expect(text(FlowedText.unwrap(bytes(flowed), deleteSpace: false)) == "This line is soft-broken.\n> quoted continues\n> > deeper\n\n-- \nsig\n")
        #expect(text(FlowedText.unwrap(bytes("ab \r\ncd\r\n"), deleteSpace: true)) == "abcd\n")
    }

    @Test func htmlText() {
        let html = """
        <html><head><title>t</title><style>p{color:red}</style></head><body>
        <!--[if gte mso 9]><xml><o:x>hidden</o:x></xml><![endif]-->
        <p class=MsoNormal>Hello&nbsp;<b>Dana</b>,<o:p></o:p></p>
        <div>a&amp;b &lt;c&gt; &#55;&#x32; &unknown; &copy 5 < 6</div>
        <table><tr><td>Label</td><td>Value</td></tr></table>
        <blockquote type="cite"><div>quoted<br>two</div><blockquote>deeper</blockquote></blockquote>
        <pre>  keep   spaces
        here</pre><script>alert("x")</script>end
        </body></html>
        """
        #expect(text(HTMLText.text(bytes(html))) == """
        Hello\u{A0}Dana,
        a&b <c> 72 &unknown; © 5 < 6
        Label\tValue
        > quoted
        > two
        > > deeper
          keep   spaces
        here
        end

        """)
        #expect(HTMLText.looksLikeHTML(bytes("  <div>x</div>")))
        #expect(!HTMLText.looksLikeHTML(bytes("a <b>c</b>")))
    }

    @Test func textNormalizer() {
        let input = "a\u{A0}b\u{200B}c\u{2013}d\u{FEFF}e\u{FF1A}f\r\ng\rh\u{2028}i\u{AD}j\u{201C}k\u{201D}"
        #expect(text(TextNormalizer.normalize(bytes(input))) == "a bc-de:f\ng\nh\nij\"k\"")
    }
}
