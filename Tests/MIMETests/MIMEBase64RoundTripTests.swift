import TestSupport
import MIME
import Testing

/// Base64 bodies both ways.
@Suite struct MIMEBase64RoundTripTests {
    @Test("decode(encode(bytes)) is the bytes, complete; lines of at most 76", arguments: [UInt64(1), 2, 3])
    func roundTrip(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let bytes = RandomText.bytes(maximum: 400, using: &generator)
            let encoded = MIMEBase64.encode(bytes)
            let decoded = MIMEBase64.decode(encoded)
            #expect(decoded.bytes == bytes)
            #expect(!decoded.incomplete)
            let lines = try #require(RandomText.crlfLines(encoded))
            #expect(lines.allSatisfy { !$0.isEmpty && $0.count <= 76 })
        }
    }
}
