import TestSupport
import MIME
import Testing

/// Quoted-printable both ways: what the writer makes, the reader gives back.
@Suite struct QuotedPrintableRoundTripTests {
    @Test("decode(encode(text)) is the text with CRLF line breaks and one final CRLF; lines stay within 76", arguments: [UInt64(1), 2, 3])
    func roundTrip(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = RandomText.make(RandomText.bodyPieces, maximum: 40, using: &generator)
            let encoded = QuotedPrintable.encode(text)
            #expect(QuotedPrintable.decode(encoded) == RandomText.crlf(text) + [0x0D, 0x0A], "\(text.debugDescription)")
            let lines = try #require(RandomText.crlfLines(encoded), "\(text.debugDescription)")
            #expect(lines.allSatisfy { $0.count <= 76 && $0.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 <= 0x7E) } }, "\(text.debugDescription)")
            // Nothing a relay or a mailbox file would alter: no leading dot, no leading "From ".
            #expect(!lines.contains { $0.first == UInt8(ascii: ".") || $0.starts(with: Array("From ".utf8)) }, "\(text.debugDescription)")
        }
    }
}
