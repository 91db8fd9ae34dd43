import Mail
import Testing
import TestSupport

@Suite("Punycode (RFC 3492)")
struct PunycodeTests {
    /// RFC 3492 §7.1's sample strings, and the usual IDNA examples.
    @Test(arguments: [
        ("bücher", "bcher-kva"),
        ("münchen", "mnchen-3ya"),
        ("例え", "r8jz45g"),
        ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a".lowercased()),
        ("3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"),
    ])
    func encodesSamples(input: String, expected: String) {
        #expect(Punycode.encode(input) == expected)
    }
}
