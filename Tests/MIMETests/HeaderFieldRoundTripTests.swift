import TestSupport
import MIME
import Testing

/// Header fields both ways: folded when written, unfolded when read.
@Suite struct HeaderFieldRoundTripTests {
    @Test("unstructured text written, parsed back and decoded is the text; lines fold within 78 where tokens allow", arguments: [UInt64(1), 2, 3])
    func unstructuredRoundTrip(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = RandomText.make(RandomText.headerPieces, maximum: 30, using: &generator)
            let field = HeaderField(name: "X-Case", tokens: HeaderField.unstructuredTokens(text))
            let rendered = field.rendered()
            let parsed = HeaderField.parse(rendered)
            #expect(parsed == [field], "\(text.debugDescription)")
            #expect(parsed.first?.value == text, "\(text.debugDescription)")
            let lines = try #require(RandomText.crlfLines(rendered))
            #expect(lines.allSatisfy { $0.count <= 78 }, "\(text.debugDescription)")
        }
    }

    @Test("several fields in a row parse back in order, each with its own value", arguments: [UInt64(4)])
    func sectionRoundTrip(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<100 {
            let texts = (0..<5).map { _ in RandomText.make(RandomText.headerPieces, maximum: 20, using: &generator) }
            let fields = texts.enumerated().map { HeaderField(name: "X-Case-\($0.offset)", tokens: HeaderField.unstructuredTokens($0.element)) }
            let parsed = HeaderField.parse(fields.flatMap { $0.rendered() })
            #expect(parsed == fields)
            #expect(parsed.map(\.value) == texts)
        }
    }
}
