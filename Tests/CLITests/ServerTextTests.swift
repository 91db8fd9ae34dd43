// What servers say is shown safely (issue 11 item 7): escape sequences, CRLF and huge bodies
// from the Entra/SharePoint stub reach neither the terminal nor the JSON raw.
import Foundation
import Testing

@Suite("server text is filtered and capped")
struct ServerTextTests {
    /// Control characters a terminal acts on: ESC, BEL, CSI (0x9B), CR, and the bidi override.
    static let dangerous: [Character] = ["\u{1B}", "\u{07}", "\u{9B}", "\r", "\u{202E}"]

    func expectClean(_ text: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for character in Self.dangerous {
            #expect(!text.contains(character), "\(label) holds U+\(String(character.unicodeScalars.first!.value, radix: 16, uppercase: true))", sourceLocation: sourceLocation)
        }
    }

    @Test func aSiteTitleWithEscapeSequencesIsShownFiltered() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--hostile-title", "reports"])
        let text = try connection.verify(stub)
        #expect(text.status == 0, "\(text)")
        expectClean(text.stdout + text.stderr, "verify's output")
        #expect(text.stdout.contains("\"Reports?[2J?]0;owned? FAKE: ok?evil?31m\""), "\(text)")
        let json = try connection.verify(stub, ["--json"])
        #expect(json.status == 0, "\(json)")
        #expect(!json.stdout.contains("\\u001b") && !json.stdout.contains("\\r"), "\(json)")
        #expect(json.stdout.contains("Reports?[2J"), "\(json)")
    }

    /// 10 MB (past the HTTP client's 8 MiB limit) and 1 MB (read whole, then capped): either
    /// way a few lines reach the terminal, with no control character.
    @Test(arguments: [10 * 1024 * 1024, 1024 * 1024])
    func aHugeErrorBodyIsCappedAndFiltered(_ bytes: Int) throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--huge-error", "reports", "--error-bytes", "\(bytes)"])
        for extra in [[], ["--json"]] {
            let result = try connection.verify(stub, extra)
            #expect(result.status == 3, "\(result)")
            expectClean(result.stdout + result.stderr, "verify's output")
            #expect(!result.stdout.contains("\\u001b") && !result.stdout.contains("\\r"), "\(result)")
            #expect(result.stdout.utf8.count + result.stderr.utf8.count < 8_000,
                    "the body is not printed whole (\(result.stdout.utf8.count + result.stderr.utf8.count) bytes)")
            if bytes < 8 << 20 { #expect((result.stdout + result.stderr).contains("?[2J?[31mRED?]0;owned? line\u{FFFD}1m"), "\(result)") }
        }
    }

    @Test func aMalformedTokenAnswerNeverEchoesItsBody() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--token-body", "leaky"])
        for extra in [[], ["--json"]] {
            let result = try connection.verify(stub, extra)
            #expect(result.status == 3, "\(result)")
            #expect(!(result.stdout + result.stderr).contains("eyJLEAKED"), "the body's token text was echoed:\n\(result)")
            #expect((result.stdout + result.stderr).contains("not shown: they may hold a token"), "\(result)")
        }
    }
}
