// The client assertion's header and claims, read back by hand (not through spconnect's code).
import OpenSSLSupport
import Foundation
import Testing
@testable import Entra

enum Fixture {
    static let key: RSAPrivateKey = {
        do { return try RSAPrivateKey.generate(bits: 2048) } catch { fatalError("key generation failed: \(error)") }
    }()
    static let certificate: X509Certificate = {
        do { return try SelfSignedCertificate.make(commonName: "assertion-test", key: key, days: 30) } catch { fatalError("\(error)") }
    }()
    static let now = Date(timeIntervalSince1970: 1_790_028_800)
    static let audience = "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token"
    static let client = "66666666-7777-4888-9999-000000000000"

    /// A JWT segment as a JSON object.
    static func segment(_ text: Substring) throws -> [String: Any] {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let data = try #require(Data(base64Encoded: base64))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// RFC 4648 §5 base64url without padding, through Foundation.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

@Suite("client assertion")
struct ClientAssertionTests {
    @Test func ps256CarriesTheSHA256ThumbprintAndTheReferenceClaims() throws {
        let assertion = try ClientAssertion(key: Fixture.key, fingerprints: Fixture.certificate.fingerprints, clientID: Fixture.client,
                                            audience: Fixture.audience, scheme: .ps256, now: Fixture.now)
        let parts = assertion.compact.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        let header = try Fixture.segment(parts[0])
        #expect(header["alg"] as? String == "PS256")
        #expect(header["typ"] as? String == "JWT")
        #expect(header["x5t#S256"] as? String == Fixture.base64URL(Fixture.certificate.fingerprints.sha256))
        #expect(header["x5t"] == nil)
        #expect(header.count == 3)
        let claims = try Fixture.segment(parts[1])
        #expect(claims["aud"] as? String == Fixture.audience)
        #expect(claims["iss"] as? String == Fixture.client)
        #expect(claims["sub"] as? String == Fixture.client)
        #expect(claims["nbf"] as? Int == 1_790_028_800)
        #expect(claims["iat"] as? Int == 1_790_028_800)
        #expect(claims["exp"] as? Int == 1_790_028_800 + 600)
        let jti = try #require(claims["jti"] as? String)
        #expect(jti.wholeMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#) != nil, "\(jti)")
        #expect(claims.count == 7)
        #expect(!assertion.description.contains(assertion.compact), "the description must not carry the credential")
        // The signature is PS256 over the first two segments, with the certificate's key.
        let signature = try #require(Data(base64Encoded: parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - parts[2].count % 4) % 4)))
        #expect(signature.count == 256)
    }

    @Test func rs256CarriesTheSHA1Thumbprint() throws {
        let assertion = try ClientAssertion(key: Fixture.key, fingerprints: Fixture.certificate.fingerprints, clientID: Fixture.client,
                                            audience: Fixture.audience, scheme: .rs256, now: Fixture.now)
        let header = try Fixture.segment(assertion.compact.split(separator: ".")[0])
        #expect(header["alg"] as? String == "RS256")
        #expect(header["x5t"] as? String == Fixture.base64URL(Fixture.certificate.fingerprints.sha1))
        #expect(header["x5t#S256"] == nil)
    }

    @Test func everyAssertionHasItsOwnJTI() throws {
        let ids = try (0..<20).map { _ in
            try ClientAssertion(key: Fixture.key, fingerprints: Fixture.certificate.fingerprints, clientID: Fixture.client,
                                audience: Fixture.audience, scheme: .rs256, now: Fixture.now).id
        }
        #expect(Set(ids).count == 20)
    }

    @Test(arguments: [0, 601, 3600])
    func lifetimesOutsideTenMinutesAreRefused(_ lifetime: Int) {
        #expect(throws: EntraError(.invalidValue, "")) {
            try ClientAssertion(key: Fixture.key, fingerprints: Fixture.certificate.fingerprints, clientID: Fixture.client,
                                audience: Fixture.audience, now: Fixture.now, lifetime: lifetime)
        }
    }

    @Test func shorterLifetimesAreKept() throws {
        let assertion = try ClientAssertion(key: Fixture.key, fingerprints: Fixture.certificate.fingerprints, clientID: Fixture.client,
                                            audience: Fixture.audience, now: Fixture.now, lifetime: 300)
        #expect(assertion.expiresAt - assertion.issuedAt == 300)
    }

    @Test func claimValuesAreJSONEscaped() throws {
        let assertion = try ClientAssertion(key: Fixture.key, fingerprints: Fixture.certificate.fingerprints, clientID: "a\"b\\c\nd",
                                            audience: Fixture.audience, now: Fixture.now)
        let claims = try Fixture.segment(assertion.compact.split(separator: ".")[1])
        #expect(claims["iss"] as? String == "a\"b\\c\nd")
    }
}
