// RSA keys (generation, encrypted PEM) and PKCS#12 archives: round trips and the exact
// error for each wrong password or wrong key.
import OpenSSLSupport
import Common
import Foundation
import Testing

@Suite("RSAPrivateKey")
struct RSAPrivateKeyTests {
    @Test func generatesTheRequestedSize() throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        #expect(key.bits == 2048)
        #expect(RSAPrivateKey.allowedSizes == [2048, 3072, 4096])
    }

    @Test(arguments: [0, 512, 1024, 2047, 2049, 8192, -2048])
    func refusesSize(_ bits: Int) {
        #expect(throws: CertificateError(.invalidKeySize, "")) { try RSAPrivateKey.generate(bits: bits) }
    }

    @Test func encryptedPEMRoundTrip() throws {
        let password = SecretBytes(Array("pem password".utf8))
        let pem = try Shared.key.pkcs8PEM(password: password).withUnsafeBytes { Array($0) }
        let text = String(decoding: pem, as: UTF8.self)
        #expect(text.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
        #expect(text.hasSuffix("-----END ENCRYPTED PRIVATE KEY-----\n"))

        let reopened = try RSAPrivateKey(pem: pem, password: SecretBytes(Array("pem password".utf8)))
        #expect(reopened.bits == 2048)
        #expect(try Shared.certificate().matches(reopened))

        #expect(throws: CertificateError(.wrongPassword, "")) {
            try RSAPrivateKey(pem: pem, password: SecretBytes(Array("pem passwore".utf8)))
        }
        #expect(throws: CertificateError(.passwordRequired, "")) { try RSAPrivateKey(pem: pem, password: nil) }
    }

    /// The PBES2 parameters: PBKDF2 (HMAC-SHA-256 default PRF is acceptable) and AES-256-CBC.
    @Test func encryptedPEMUsesPBES2WithAES256() throws {
        let pem = try Shared.key.pkcs8PEM(password: SecretBytes(Array("x".utf8))).withUnsafeBytes { Array($0) }
        let body = String(decoding: pem, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body).map(Array.init))
        let pbes2: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D]
        let pbkdf2: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C]
        let aes256CBC: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A]
        #expect(der.occurrences(of: pbes2) == 1 && der.occurrences(of: pbkdf2) == 1 && der.occurrences(of: aes256CBC) == 1)
    }

    @Test func plainPEMRoundTrip() throws {
        let pem = try Shared.key.pkcs8PEM(password: nil).withUnsafeBytes { Array($0) }
        #expect(String(decoding: pem, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let reopened = try RSAPrivateKey(pem: pem, password: nil)
        #expect(try Shared.certificate().matches(reopened))
    }

    @Test func pkcs8DERRoundTrip() throws {
        let der = try Shared.key.pkcs8DER()
        let reopened = try RSAPrivateKey(pkcs8DER: der)
        #expect(try Shared.certificate().matches(reopened))
        #expect(throws: CertificateError(.unknownFormat, "")) { try RSAPrivateKey(pkcs8DER: SecretBytes([0x30, 0x03, 0x02, 0x01, 0x00])) }
    }

    @Test func refusesNonRSAKey() {
        #expect(throws: CertificateError(.notRSAKey, "")) { try RSAPrivateKey(pem: Shared.ed25519PEM, password: nil) }
    }

    @Test func refusesTooSmallKey() {
        #expect(throws: CertificateError(.keyTooSmall, "")) { try RSAPrivateKey(pem: Shared.rsa1024PEM, password: nil) }
    }

    @Test(arguments: [
        "",
        "hello",
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
    ])
    func refusesWhatIsNotAKey(_ text: String) {
        #expect(throws: CertificateError(.unknownFormat, "")) { try RSAPrivateKey(pem: Array(text.utf8), password: nil) }
    }
}

@Suite("PKCS12Archive")
struct PKCS12ArchiveTests {
    static let password = "pfx password"

    func archive(password: String? = PKCS12ArchiveTests.password) throws -> (bytes: [UInt8], certificate: X509Certificate) {
        let certificate = try Shared.certificate("pfx")
        let bytes = try PKCS12Archive.make(certificate: certificate, key: Shared.key,
                                           password: password.map { SecretBytes(Array($0.utf8)) }, friendlyName: "pfx")
        return (bytes.withUnsafeBytes { Array($0) }, certificate)
    }

    @Test func roundTripWithThePassword() throws {
        let (bytes, certificate) = try archive()
        #expect(PKCS12Archive.looksLikeArchive(bytes))
        let opened = try PKCS12Archive.read(bytes, password: SecretBytes(Array(Self.password.utf8)))
        #expect(opened.certificate.der == certificate.der)
        let key = try #require(opened.key)
        #expect(certificate.matches(key))
    }

    @Test func wrongPasswordIsWrongPassword() throws {
        let (bytes, _) = try archive()
        #expect(throws: CertificateError(.wrongPassword, "")) {
            try PKCS12Archive.read(bytes, password: SecretBytes(Array("pfx passwore".utf8)))
        }
        #expect(throws: CertificateError(.wrongPassword, "")) { try PKCS12Archive.read(bytes, password: SecretBytes([])) }
    }

    @Test func noPasswordIsPasswordRequired() throws {
        let (bytes, _) = try archive()
        #expect(throws: CertificateError(.passwordRequired, "")) { try PKCS12Archive.read(bytes, password: nil) }
    }

    @Test func unencryptedArchiveOpensWithoutPassword() throws {
        let (bytes, certificate) = try archive(password: nil)
        let opened = try PKCS12Archive.read(bytes, password: nil)
        #expect(opened.certificate.der == certificate.der)
        #expect(opened.key.map(certificate.matches) == true)
    }

    /// AES-256-CBC under PBES2/PBKDF2 for both bags; MAC HMAC-SHA-256 with the stated
    /// iterations (.NET refuses more than 600,000 in total).
    @Test func usesAES256AndASHA256MAC() throws {
        let (bytes, _) = try archive()
        let pbkdf2: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C]
        let aes256CBC: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A]
        let rc2OrDES: [[UInt8]] = [[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01, 0x06], [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01, 0x03]]
        #expect(bytes.occurrences(of: pbkdf2) == 2 && bytes.occurrences(of: aes256CBC) == 2)
        for legacy in rc2OrDES { #expect(bytes.occurrences(of: legacy) == 0) }

        let pfx = try #require(DERNode.parse(bytes)).children
        try #require(pfx.count == 3, "version, authSafe, macData")
        #expect(pfx[0].content == [0x03])
        let macData = pfx[2].children
        let digestAlgorithm = try #require(macData.first?.children.first?.children.first)
        #expect(digestAlgorithm.content == [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01], "SHA-256")
        let iterations = try #require(macData.last).content.reduce(0) { $0 << 8 | Int($1) }
        #expect(iterations == Int(PKCS12Archive.iterations))
        #expect(3 * iterations <= 600_000)
    }

    @Test func truncatedArchiveIsTruncated() throws {
        let (bytes, _) = try archive()
        #expect(!PKCS12Archive.looksLikeArchive(Array(bytes.prefix(bytes.count / 2))))
        #expect(throws: CertificateError(.truncated, "")) {
            try PKCS12Archive.read(Array(bytes.prefix(bytes.count / 2)), password: SecretBytes(Array(Self.password.utf8)))
        }
    }

    @Test func otherBytesAreUnknownFormat() throws {
        let certificate = try Shared.certificate()
        #expect(!PKCS12Archive.looksLikeArchive(certificate.der))
        #expect(throws: CertificateError(.unknownFormat, "")) { try PKCS12Archive.read(certificate.der, password: nil) }
        #expect(throws: CertificateError(.unknownFormat, "")) { try PKCS12Archive.read([0x01, 0x02, 0x03], password: nil) }
        #expect(throws: CertificateError(.unknownFormat, "")) { try PKCS12Archive.read([], password: nil) }
    }
}

/// The encrypted key file is no cheaper to attack than the PFX: PBKDF2-HMAC-SHA256 with
/// as many iterations as the PFX's bags (OpenSSL's PEM writer alone would use 2,048).
@Test func encryptedKeyFileUsesTheBagIterations() throws {
    let key = try RSAPrivateKey.generate(bits: 2048)
    let pem = try key.pkcs8PEM(password: SecretBytes(Array("s3cret!".utf8))).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    let der = try #require(Base64.decode(body))
    let iterations = PKCS12Archive.bagIterations
    let encodedCount: [UInt8] = [0x02, 0x02, UInt8(iterations >> 8), UInt8(iterations & 0xFF)]
    let hmacWithSHA256: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09]
    let head = Array(der.prefix(90))
    #expect(head.indices.contains { Array(head[$0..<min($0 + 4, head.count)]) == encodedCount })
    #expect(head.indices.contains { Array(head[$0..<min($0 + 10, head.count)]) == hmacWithSHA256 })
    #expect(iterations >= 10_000)
}

/// Key generation races two searches on two cores; every key it returns is whole, of the
/// size asked, different from the others, and the losing search leaves no error behind.
@Test func racedKeyGenerationGivesDistinctValidKeys() throws {
    var moduli = Set<[UInt8]>()
    for _ in 0..<12 {
        let key = try RSAPrivateKey.generate(bits: 2048)
        #expect(key.bits == 2048)
        let certificate = try SelfSignedCertificate.make(commonName: "race", key: key, days: 1)
        #expect(certificate.matches(key))
        moduli.insert(try key.pkcs8DER().withUnsafeBytes { Array($0.prefix(300)) })
    }
    #expect(moduli.count == 12)
}
