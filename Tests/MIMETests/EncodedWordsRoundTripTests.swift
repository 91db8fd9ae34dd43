import TestSupport
import MIME
import Testing

/// RFC 2047 encoded words both ways.
@Suite struct EncodedWordsRoundTripTests {
    @Test("decode(encode(text)) is the text; each word at most 68 characters", arguments: [UInt64(1), 2, 3])
    func roundTrip(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = RandomText.make(RandomText.headerPieces, maximum: 12, using: &generator)
            let words = EncodedWords.encode(text)
            #expect(!words.isEmpty)
            #expect(words.allSatisfy { $0.utf8.count <= 68 && !$0.contains(" ") })
            #expect(EncodedWords.decode(Array(words.joined(separator: " ").utf8)) == text, "\(text.debugDescription)")
        }
    }

    @Test("a single word, when the text fits one, decodes to the text", arguments: [UInt64(4), 5])
    func singleWord(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var fitted = 0
        for _ in 0..<300 {
            let text = RandomText.make(RandomText.headerPieces, maximum: 4, using: &generator)
            guard let word = EncodedWords.single(text) else {
                // Refused only when neither form fits 75 characters.
                #expect(Array(text.utf8).count > 45, "\(text.debugDescription)")
                continue
            }
            fitted += 1
            #expect(word.utf8.count <= 75)
            #expect(EncodedWords.decode(Array(word.utf8)) == text, "\(text.debugDescription)")
        }
        #expect(fitted >= 100)
    }
}
