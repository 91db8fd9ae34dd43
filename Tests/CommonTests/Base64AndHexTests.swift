// Base64/base64url and hex (Common/Base64URL.swift), against RFC 4648's vectors and
// Foundation's base64.
import Common
import Foundation
import Testing
import TestSupport

@Suite("base64 and hex")
struct Base64AndHexTests {
    /// RFC 4648 §10 test vectors.
    @Test(arguments: [("", "", ""), ("f", "Zg==", "Zg"), ("fo", "Zm8=", "Zm8"), ("foo", "Zm9v", "Zm9v"),
                      ("foob", "Zm9vYg==", "Zm9vYg"), ("fooba", "Zm9vYmE=", "Zm9vYmE"), ("foobar", "Zm9vYmFy", "Zm9vYmFy")])
    func base64Vectors(plain: String, standard: String, url: String) {
        #expect(Base64.encode(Array(plain.utf8)) == standard)
        #expect(Base64.encodeURL(Array(plain.utf8)) == url)
        #expect(Base64.decode(standard) == Array(plain.utf8))
        #expect(Base64.decode(url) == Array(plain.utf8))
    }

    @Test func base64URLUsesDashAndUnderscore() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF, 0xFE]
        #expect(Base64.encode(bytes) == "+/+//g==")
        #expect(Base64.encodeURL(bytes) == "-_-__g")
        #expect(Base64.decode("-_-__g") == bytes)
        #expect(Base64.decode("+/+/\n/g==") == bytes)
        var generator = SeededGenerator.forTest("base64URLUsesDashAndUnderscore", fallback: 0xB64)
        for _ in 0..<20 {
            let random = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.encode(random) == Data(random).base64EncodedString())
            #expect(Base64.encodeURL(random) == foundationBase64URL(random))
            #expect(Base64.decode(Base64.encode(random)) == random)
        }
    }

    @Test(arguments: ["Zg=x", "@@@@", "Z", "Zm9v!", "Zg==Zg=="])
    func base64RefusesMalformedText(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func hexForms() {
        #expect(Hex.upper([0x00, 0xAB, 0x0F]) == "00AB0F")
        #expect(Hex.colons([0x00, 0xAB, 0x0F]) == "00:AB:0F")
        #expect(Hex.upper([UInt8]()) == "" && Hex.colons([UInt8]()) == "")
    }
}
