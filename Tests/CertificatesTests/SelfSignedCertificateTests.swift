// The self-signed certificate's fields, read from its DER bytes with the tests' own reader.
import OpenSSLSupport
import Common
import Foundation
import Testing

/// OIDs as their DER content bytes.
enum OID {
    static let sha256WithRSAEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B]
    static let commonName: [UInt8] = [0x55, 0x04, 0x03]
    static let basicConstraints: [UInt8] = [0x55, 0x1D, 0x13]
    static let keyUsage: [UInt8] = [0x55, 0x1D, 0x0F]
    static let extendedKeyUsage: [UInt8] = [0x55, 0x1D, 0x25]
    static let subjectKeyIdentifier: [UInt8] = [0x55, 0x1D, 0x0E]
    static let authorityKeyIdentifier: [UInt8] = [0x55, 0x1D, 0x23]
    static let clientAuth: [UInt8] = [0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]
}

/// The parts of a certificate the tests look at, taken apart with ``DERNode``.
struct ParsedCertificate {
    let tbs: [DERNode]
    let outerAlgorithm: DERNode
    /// (OID, critical, extnValue content) in order.
    let extensions: [(oid: [UInt8], critical: Bool, value: [UInt8])]

    init(_ der: [UInt8]) throws {
        let certificate = try #require(DERNode.parse(der))
        try #require(certificate.tag == 0x30 && certificate.encoded.count == der.count)
        let parts = certificate.children
        try #require(parts.count == 3)
        tbs = parts[0].children
        outerAlgorithm = parts[1]
        let wrapper = try #require(tbs.last)
        try #require(wrapper.tag == 0xA3, "extensions are [3]")
        extensions = try wrapper.children[0].children.map { ext in
            let fields = ext.children
            try #require(fields.count == 2 || fields.count == 3)
            let critical = fields.count == 3 && fields[1].tag == 0x01 && fields[1].content == [0xFF]
            let value = try #require(fields.last)
            try #require(value.tag == 0x04)
            return (fields[0].content, critical, value.content)
        }
    }

    var version: DERNode { tbs[0] }
    var serial: DERNode { tbs[1] }
    var signatureAlgorithm: DERNode { tbs[2] }
    var issuer: DERNode { tbs[3] }
    var validity: DERNode { tbs[4] }
    var subject: DERNode { tbs[5] }
    var subjectPublicKeyInfo: DERNode { tbs[6] }

    /// UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as a Date.
    static func date(_ node: DERNode) throws -> Date {
        let text = String(decoding: node.content, as: UTF8.self)
        var digits = text
        if node.tag == 0x17 {
            try #require(text.count == 13)
            let year = Int(text.prefix(2))!
            digits = (year >= 50 ? "19" : "20") + text
        } else {
            try #require(node.tag == 0x18 && text.count == 15)
        }
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "UTC")
        let characters = Array(digits)
        func number(_ from: Int, _ count: Int) -> Int { Int(String(characters[from..<from + count]))! }
        components.year = number(0, 4); components.month = number(4, 2); components.day = number(6, 2)
        components.hour = number(8, 2); components.minute = number(10, 2); components.second = number(12, 2)
        try #require(characters.last == "Z")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return try #require(calendar.date(from: components))
    }
}

@Suite("SelfSignedCertificate")
struct SelfSignedCertificateTests {
    @Test func isVersion3WithSHA256WithRSA() throws {
        let certificate = try Shared.certificate()
        #expect(certificate.version == 3)
        #expect(certificate.signatureAlgorithm == "sha256WithRSAEncryption")
        let parsed = try ParsedCertificate(certificate.der)
        #expect(parsed.version.tag == 0xA0 && parsed.version.content == [0x02, 0x01, 0x02], "explicit [0] INTEGER 2")
        #expect(parsed.signatureAlgorithm.children.first?.content == OID.sha256WithRSAEncryption)
        #expect(parsed.outerAlgorithm.children.first?.content == OID.sha256WithRSAEncryption)
        #expect(certificate.keyBits == 2048 && certificate.isRSA)
    }

    @Test func serialIsTwentyPositiveBytesAndUnique() throws {
        var seen = Set<[UInt8]>()
        for _ in 0..<50 {
            let certificate = try Shared.certificate()
            let serial = try ParsedCertificate(certificate.der).serial
            #expect(serial.tag == 0x02)
            #expect(serial.content.count == 20, "20 content bytes: \(hex(serial.content))")
            #expect(serial.content[0] & 0x80 == 0, "positive: \(hex(serial.content))")
            #expect(serial.content[0] != 0, "minimal encoding, no needless leading zero")
            #expect(certificate.serialBytes == serial.content)
            #expect(certificate.serialHex == serial.content.map { Hex.upper([$0]) }.joined(separator: ":"))
            seen.insert(serial.content)
        }
        #expect(seen.count == 50)
    }

    @Test(arguments: [1, 90, 365, 400, 3650])
    func validityStartsFiveMinutesBeforeNowAndLastsDays(days: Int) throws {
        let certificate = try Shared.certificate(days: days)
        let expectedStart = Shared.now.addingTimeInterval(-300)
        #expect(certificate.notBefore == expectedStart)
        #expect(certificate.notAfter == expectedStart.addingTimeInterval(Double(days) * 86_400))
        let validity = try ParsedCertificate(certificate.der).validity.children
        try #require(validity.count == 2)
        #expect(try ParsedCertificate.date(validity[0]) == expectedStart)
        #expect(try ParsedCertificate.date(validity[1]) == expectedStart.addingTimeInterval(Double(days) * 86_400))
    }

    /// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    @Test func validityAfter2049UsesGeneralizedTime() throws {
        let now = Date(timeIntervalSince1970: 2_366_841_600)   // 2045-01-01
        let certificate = try SelfSignedCertificate.make(commonName: "far", key: Shared.key, days: 3650, now: now)
        let validity = try ParsedCertificate(certificate.der).validity.children
        #expect(validity[0].tag == 0x17, "notBefore 2044 is UTCTime")
        #expect(validity[1].tag == 0x18, "notAfter 2054 is GeneralizedTime")
        #expect(try ParsedCertificate.date(validity[1]) == now.addingTimeInterval(-300 + 3650 * 86_400))
    }

    @Test func hasExactlyTheFiveExtensions() throws {
        let certificate = try Shared.certificate()
        let parsed = try ParsedCertificate(certificate.der)
        let extensions = parsed.extensions
        try #require(extensions.count == 5)
        #expect(extensions.map(\.oid) == [OID.basicConstraints, OID.keyUsage, OID.extendedKeyUsage,
                                          OID.subjectKeyIdentifier, OID.authorityKeyIdentifier])
        // basicConstraints, critical: an empty SEQUENCE, that is CA:FALSE and no path length.
        #expect(extensions[0].critical && extensions[0].value == [0x30, 0x00])
        // keyUsage, critical: BIT STRING with only bit 0 (digitalSignature) set.
        #expect(extensions[1].critical && extensions[1].value == [0x03, 0x02, 0x07, 0x80])
        // extendedKeyUsage, not critical: clientAuth only.
        #expect(!extensions[2].critical && extensions[2].value == [0x30, 0x0A, 0x06, 0x08] + OID.clientAuth)
        // subjectKeyIdentifier: SHA-1 of the subjectPublicKey BIT STRING (RFC 5280 §4.2.1.2, method 1).
        let publicKeyBits = try #require(parsed.subjectPublicKeyInfo.children.last)
        #expect(publicKeyBits.tag == 0x03)
        let keyIdentifier = TestDigest.sha1(Array(publicKeyBits.content.dropFirst()))
        #expect(!extensions[3].critical && extensions[3].value == [0x04, 0x14] + keyIdentifier)
        // authorityKeyIdentifier: keyIdentifier [0] only, the same value (self-signed).
        #expect(!extensions[4].critical && extensions[4].value == [0x30, 0x16, 0x80, 0x14] + keyIdentifier)
    }

    @Test func subjectAndIssuerAreTheUTF8CommonName() throws {
        let certificate = try Shared.certificate("Zürich reports 2")
        #expect(certificate.subject == "CN=Zürich reports 2")
        #expect(certificate.issuer == certificate.subject)
        let parsed = try ParsedCertificate(certificate.der)
        #expect(parsed.subject.encoded == parsed.issuer.encoded)
        let attribute = try #require(parsed.subject.children.first?.children.first?.children)
        #expect(attribute[0].content == OID.commonName)
        #expect(attribute[1].tag == 0x0C, "UTF8String")
        #expect(attribute[1].content == Array("Zürich reports 2".utf8))
    }

    @Test func isSignedByItsOwnKey() throws {
        let certificate = try Shared.certificate()
        #expect(certificate.matches(Shared.key))
        let other = try RSAPrivateKey.generate(bits: 2048)
        #expect(!certificate.matches(other))
    }

    @Test(arguments: [0, -5, 3651, Int.min, Int.max])
    func refusesValidity(days: Int) {
        #expect(throws: CertificateError(.invalidValidity, "")) {
            try SelfSignedCertificate.make(commonName: "a", key: Shared.key, days: days, now: Shared.now)
        }
    }

    @Test(arguments: ["", "a/b", "a\\b", "..", "a..b", ".hidden", "-rf", " padded", "padded ", "a\u{01}b", "a\nb", "a\u{7F}b",
                      "a\u{200B}b", "a\u{202E}b", String(repeating: "x", count: 65)])
    func refusesName(_ name: String) {
        #expect(throws: CertificateError(.invalidName, "")) { try SelfSignedCertificate.validate(commonName: name) }
        #expect(throws: CertificateError(.invalidName, "")) {
            try SelfSignedCertificate.make(commonName: name, key: Shared.key, days: 1, now: Shared.now)
        }
    }

    @Test(arguments: ["contoso-reports", "App 1_2.x", "Zürich", "a.b", String(repeating: "x", count: 64)])
    func acceptsName(_ name: String) throws {
        try SelfSignedCertificate.validate(commonName: name)
    }
}
