import TestSupport
import MIME
import Testing

/// MIME parameters both ways: RFC 2231 sections and the legacy RFC 2047 `name`.
@Suite struct MIMEParameterRoundTripTests {
    @Test("a value written as a parameter is read back exactly, also through a folded header", arguments: [UInt64(1), 2, 3])
    func roundTrip(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let value = RandomText.make(RandomText.headerPieces, maximum: 16, using: &generator)
            let tokens = ["attachment;"] + MIMEParameter.tokens(name: "filename", value: value)
            let decoded = MIMEParameter.decode(tokens.joined(separator: " "))
            #expect(decoded.value == "attachment")
            #expect(decoded.parameters == ["filename": value], "\(value.debugDescription)")

            // As a reader meets it: a folded Content-Disposition, unfolded and decoded.
            let field = HeaderField(name: "Content-Disposition", tokens: tokens)
            let read = HeaderField.parse(field.rendered())
            #expect(read.count == 1)
            #expect(read.first.map { MIMEParameter.decode($0.value).parameters["filename"] } == value, "\(value.debugDescription)")
        }
    }

    @Test("the legacy name parameter holds encoded words that decode to the value", arguments: [UInt64(4), 5])
    func legacyName(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let value = RandomText.make(RandomText.headerPieces, maximum: 16, using: &generator)
            let tokens = ["application/octet-stream;"] + MIMEParameter.legacyNameTokens(name: "name", value: value)
            let type = ContentType(parsing: tokens.joined(separator: " "))
            #expect(type.mimeType == "application/octet-stream")
            let name = type.parameters["name"] ?? "(none)"
            #expect(EncodedWords.decode(Array(name.utf8)) == value, "\(value.debugDescription)")
        }
    }
}
