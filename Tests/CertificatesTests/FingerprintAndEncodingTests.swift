// Thumbprints and x5t forms, against independent computations (base64/base64url and hex:
// CommonTests/Base64AndHexTests.swift).
import OpenSSLSupport
import Common
import Foundation
import Testing
import TestSupport

@Suite("fingerprints and encodings")
struct FingerprintAndEncodingTests {
    /// The test digests themselves, on FIPS 180 examples, so the comparisons below mean something.
    @Test func testDigestsMatchKnownVectors() {
        #expect(hex(TestDigest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(TestDigest.sha1([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(TestDigest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(TestDigest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(TestDigest.sha1(twoBlocks)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(TestDigest.sha256(twoBlocks)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func fingerprintsAreDigestsOfTheDER() throws {
        let certificate = try Shared.certificate()
        let der = certificate.der
        let prints = certificate.fingerprints
        #expect(prints.sha1 == TestDigest.sha1(der))
        #expect(prints.sha256 == TestDigest.sha256(der))
        #expect(prints.thumbprint == hex(TestDigest.sha1(der)).uppercased())
        #expect(prints.thumbprint.wholeMatch(of: #/[0-9A-F]{40}/#) != nil)
        #expect(prints.sha256Fingerprint == hex(TestDigest.sha256(der)).uppercased().chunked(2).joined(separator: ":"))
        #expect(prints.sha1Fingerprint == hex(TestDigest.sha1(der)).uppercased().chunked(2).joined(separator: ":"))
        #expect(prints.x5t == foundationBase64URL(TestDigest.sha1(der)))
        #expect(prints.x5tS256 == foundationBase64URL(TestDigest.sha256(der)))
        #expect(prints.x5t.count == 27 && prints.x5tS256.count == 43)
    }

    @Test func fixedBytesGiveKnownForms() {
        let prints = CertificateFingerprints(sha1: Array(0..<20), sha256: Array(repeating: 0xFF, count: 32))
        #expect(prints.thumbprint == "000102030405060708090A0B0C0D0E0F10111213")
        #expect(prints.sha1Fingerprint == "00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13")
        #expect(prints.x5t == "AAECAwQFBgcICQoLDA0ODxAREhM")
        #expect(prints.x5tS256 == String(repeating: "_", count: 42) + "8")
    }
}

extension String {
    /// The string cut into pieces of `size` characters.
    func chunked(_ size: Int) -> [String] {
        let characters = Array(self)
        return stride(from: 0, to: characters.count, by: size).map { String(characters[$0..<min($0 + size, characters.count)]) }
    }
}
