// Reading certificates from DER and PEM (the exact error for broken input), the
// KeyCredential JSON, the CertificateSummary JSON, and the error type.
import Certificates
import OpenSSLSupport
import Hints
import Common
import Foundation
import Testing
import Domain

@Suite("X509Certificate parsing")
struct ParsingTests {
    @Test func derAndPEMRoundTrip() throws {
        let certificate = try Shared.certificate()
        #expect(try X509Certificate(der: certificate.der).der == certificate.der)
        #expect(try X509Certificate(pem: certificate.pem).der == certificate.der)
        let pem = String(decoding: certificate.pem, as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\n") && pem.hasSuffix("-----END CERTIFICATE-----\n"))
        // PEM with text before it, as people paste it.
        #expect(try X509Certificate(pem: Array("subject=CN = unit-test\n".utf8) + certificate.pem).der == certificate.der)
    }

    @Test(arguments: [1, 2, 4, 100, 500])
    func truncatedDERIsTruncated(keep: Int) throws {
        let der = try Shared.certificate().der
        #expect(throws: CertificateError(.truncated, "")) { try X509Certificate(der: Array(der.prefix(keep + 1))) }
    }

    @Test func truncatedDERSaysHowShort() throws {
        let der = try Shared.certificate().der
        do {
            _ = try X509Certificate(der: Array(der.prefix(300)))
            Issue.record("a truncated certificate was accepted")
        } catch {
            #expect(error.code == .truncated)
            #expect(error.reason.contains("\(der.count) bytes") && error.reason.contains("300"), "\(error.reason)")
        }
    }

    @Test(arguments: [
        [UInt8](),
        [0x00],
        [0x30],
        [0x04, 0x02, 0x41, 0x42],
        [0x30, 0x03, 0x02, 0x01, 0x05],
        [0x30, 0x80, 0x00, 0x00],
        Array("not a certificate at all".utf8),
    ])
    func garbageDERIsUnknownFormat(_ bytes: [UInt8]) {
        #expect(throws: CertificateError(.unknownFormat, "")) { try X509Certificate(der: bytes) }
    }

    @Test func trailingBytesAreUnknownFormat() throws {
        let der = try Shared.certificate().der
        #expect(throws: CertificateError(.unknownFormat, "")) { try X509Certificate(der: der + [0x00]) }
    }

    @Test func corruptedDERIsRefused() throws {
        var der = try Shared.certificate().der
        der[4] ^= 0xFF   // the TBS SEQUENCE's tag
        #expect(throws: CertificateError(.unknownFormat, "")) { try X509Certificate(der: der) }
    }

    @Test func truncatedPEMIsTruncated() throws {
        let pem = try Shared.certificate().pem
        #expect(throws: CertificateError(.truncated, "")) { try X509Certificate(pem: Array(pem.prefix(pem.count / 2))) }
    }

    @Test(arguments: ["", "hello", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                      "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n"])
    func garbagePEMIsUnknownFormat(_ text: String) {
        #expect(throws: CertificateError(.unknownFormat, "")) { try X509Certificate(pem: Array(text.utf8)) }
    }
}

@Suite("CertificateError")
struct CertificateErrorTests {
    @Test func equalityIsTheCode() {
        #expect(CertificateError(.truncated, "one") == CertificateError(.truncated, "two", location: "x", facts: CertificateFile.der.facts))
        #expect(CertificateError(.truncated, "one") != CertificateError(.unknownFormat, "one"))
    }

    @Test func reasonNamesTheFileAndKeepsTheCode() {
        let error = CertificateError(.truncated, "the certificate is truncated", facts: CertificateFile.der.facts).at("/tmp/a.cer")
        #expect(error.code == .truncated && error.location == "/tmp/a.cer")
        #expect(error.reason == "/tmp/a.cer: the certificate is truncated")
        #expect(Hint.text(for: error) == "copy the file again; it was cut short")
        #expect(error.description == error.reason)
    }

    @Test func openSSLMessagesFollowTheReason() {
        let error = CertificateError(.openSSL, "cannot sign", cause: .openSSL(["error:1", "error:2"]))
        #expect(error.reason == "cannot sign (error:1; error:2)")
    }
}

@Suite("KeyCredential and CertificateSummary")
struct CredentialTests {
    static let keyId = "8b3e2c3a-1f0e-4c1d-9a2b-3c4d5e6f7a8b"

    @Test func graphFormHasMicrosoftsFieldNames() throws {
        let certificate = try Shared.certificate("graph")
        let credential = KeyCredential(certificate: certificate, keyId: Self.keyId)
        let graph = credential.graph
        // https://learn.microsoft.com/en-us/graph/api/resources/keycredential
        #expect(graph.keys.sorted() == ["displayName", "endDateTime", "key", "keyId", "startDateTime", "type", "usage"])
        #expect(graph["key"].flatMap { Data(base64Encoded: $0) }.map(Array.init) == certificate.der)
        #expect(graph["keyId"] == Self.keyId)
        #expect(graph["type"] == "AsymmetricX509Cert" && graph["usage"] == "Verify")
        #expect(graph["displayName"] == "CN=graph")
        #expect(graph["startDateTime"] == "2026-09-21T22:08:20Z", "now - 5 min")
        #expect(graph["endDateTime"] == "2027-09-21T22:08:20Z")
    }

    @Test func manifestFormCarriesTheThumbprintAndCertificate() throws {
        let certificate = try Shared.certificate("manifest")
        let manifest = KeyCredential(certificate: certificate, keyId: Self.keyId).manifest
        #expect(manifest.keys.sorted() == ["customKeyIdentifier", "keyId", "type", "usage", "value"])
        #expect(manifest["customKeyIdentifier"].flatMap { Data(base64Encoded: $0) }.map(Array.init) == TestDigest.sha1(certificate.der))
        #expect(manifest["value"].flatMap { Data(base64Encoded: $0) }.map(Array.init) == certificate.der)
        #expect(manifest["type"] == "AsymmetricX509Cert" && manifest["usage"] == "Verify" && manifest["keyId"] == Self.keyId)
    }

    @Test func fileHoldsBothFormsAndEndsWithANewline() throws {
        let credential = KeyCredential(certificate: try Shared.certificate("file"), keyId: Self.keyId)
        let bytes = credential.fileJSON
        #expect(bytes.last == 0x0A)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: [String: String]])
        #expect(document["keyCredential"] == credential.graph)
        #expect(document["manifestKeyCredential"] == credential.manifest)
        #expect(document.count == 2)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\\/"), "base64 slashes are not escaped")
    }

    @Test func iso8601IsUTCWithZ() {
        #expect(ISO8601.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(ISO8601.string(Shared.now) == "2026-09-21T22:13:20Z")
    }

    @Test func summaryJSONHasTheStableFieldNames() throws {
        let certificate = try Shared.certificate("summary")
        let summary = CertificateSummary(certificate, hasPrivateKey: false, files: ["/x/summary.cer"], warnings: ["w"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.json.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["files", "hasPrivateKey", "issuer", "keySize", "notAfter", "notBefore", "selfSigned",
                                         "serial", "sha256", "signatureAlgorithm", "subject", "thumbprint", "warnings", "x5t", "x5t#S256"])
        #expect(object["thumbprint"] as? String == hex(TestDigest.sha1(certificate.der)).uppercased())
        #expect(object["x5t#S256"] as? String == certificate.fingerprints.x5tS256)
        #expect(object["keySize"] as? Int == 2048)
        #expect(object["notBefore"] as? String == "2026-09-21T22:08:20Z")
        #expect(object["files"] as? [String] == ["/x/summary.cer"])
        #expect(summary.text.contains("Thumbprint (SHA-1): \(certificate.fingerprints.thumbprint)\n"))
        #expect(!summary.text.contains("Issuer:"), "a self-signed certificate's issuer is not repeated")
    }

    @Test func guidsAreRandomVersion4() throws {
        var seen = Set<String>()
        for _ in 0..<200 {
            let guid = try RandomBytes.guid()
            #expect(guid.wholeMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#) != nil, "\(guid)")
            seen.insert(guid)
        }
        #expect(seen.count == 200)
        #expect(try RandomBytes.make(20).count == 20)
    }
}

@Suite("SecretBytes")
struct SecretBytesTests {
    @Test func emptySecretIsEmpty() {
        #expect(SecretBytes([UInt8]()).isEmpty)
        #expect(SecretBytes([UInt8]()).count == 0)
        #expect(SecretBytes(copying: UnsafeRawBufferPointer(start: nil, count: 0)).isEmpty)
        #expect(!SecretBytes([0x61]).isEmpty && SecretBytes([0x61, 0x62]).count == 2)
    }

    @Test func comparesAndExposesTheBytes() {
        let secret = SecretBytes(Array("abc".utf8))
        #expect(secret.constantTimeEquals(SecretBytes(Array("abc".utf8))))
        #expect(!secret.constantTimeEquals(SecretBytes(Array("abd".utf8))))
        #expect(!secret.constantTimeEquals(SecretBytes(Array("ab".utf8))))
        #expect(secret.withUnsafeBytes { Array($0) } == Array("abc".utf8))
        #expect(secret.withCString { pointer, count in count == 3 && String(cString: pointer) == "abc" })
    }
}
