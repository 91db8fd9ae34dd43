import Testing
@testable import Mail
import Common

/// The one filter for server text (Common.ServerText), as SMTP replies use it.
struct ServerTextFilterTests {
    @Test func crlfBecomesNothingAndNotQuestionMarks() {
        #expect(SMTPSessionMonitor.printable("Ok: queued as X\r\n") == "Ok: queued as X")
        #expect(SMTPSessionMonitor.printable("first line\r\nsecond line\r\n") == "first line second line")
    }

    @Test func controlCharactersAreShownAsQuestionMarks() {
        #expect(ServerText.shown("a\u{1B}[31mred\u{07}\u{9B}1m\u{202E}x") == "a?[31mred??1m?x")
        #expect(ServerText.shown("tab\tand  spaces \u{0B} here") == "tab and spaces here")
        #expect(ServerText.shown("   ") == "")
    }

    @Test func longTextIsCapped() {
        let long = String(repeating: "x", count: 1000)
        #expect(ServerText.shown(long, limit: 10) == "xxxxxxxxxx… (990 more characters)")
        let body = [UInt8](repeating: 0x41, count: 10 << 20)
        let shown = ServerText.shown(bytes: body, limit: 100)
        #expect(shown.hasPrefix(String(repeating: "A", count: 100) + "…") && shown.hasSuffix("(10485760 bytes in all)"))
    }
}
