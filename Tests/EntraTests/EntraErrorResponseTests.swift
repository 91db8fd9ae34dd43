// Entra's refusals as the token endpoint sends them, and what spconnect makes of each.
import Common
import Hints
import OpenSSLSupport
import Foundation
import Testing
@testable import Entra

@Suite("AADSTS codes mapped to what to do and who acts")
struct EntraErrorResponseTests {
    static let request = TokenRequest(tenant: "11111111-2222-4333-8444-555555555555", clientID: "66666666-7777-4888-9999-000000000000",
                                      resource: "https://contoso.sharepoint.com", thumbprint: "B7426B284597EF57BDDA8B0D09E7C664A938D3EF",
                                      cloud: "global", connectionName: "contoso-reports")

    /// Entra's error JSON, as its token endpoint writes it.
    static func body(_ error: String, _ code: Int, _ text: String) -> [UInt8] {
        let description = "AADSTS\(code): \(text)\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-01-09 02:02:12Z"
        let object: [String: Any] = ["error": error, "error_description": description, "error_codes": [code],
                                     "timestamp": "2026-01-09 02:02:12Z", "trace_id": "0000aaaa-11bb-cccc-dd22-eeeeee333333",
                                     "correlation_id": "aaaa0000-bb11-2222-33cc-444444dddddd"]
        return Array(try! JSONSerialization.data(withJSONObject: object))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let aadsts: Int
        let error: String
        let text: String
        let code: EntraError.Code
        let actor: ErrorFacts.Actor?
        /// Words the reason or hint must contain.
        let mentions: [String]
        var testDescription: String { "AADSTS\(aadsts)" }
    }

    static let cases: [Case] = [
        Case(aadsts: 700016, error: "unauthorized_client", text: "Application with identifier 'x' was not found in the directory 'y'.",
             code: .applicationNotFound, actor: .admin, mentions: ["no application", "Application (client) ID", "spconnect show contoso-reports"]),
        Case(aadsts: 700027, error: "invalid_client", text: "Client assertion failed signature validation.",
             code: .certificateNotRegistered, actor: .admin, mentions: ["Upload certificate", "B7426B284597EF57BDDA8B0D09E7C664A938D3EF", "correlation ID aaaa0000"]),
        Case(aadsts: 7000215, error: "invalid_client", text: "Invalid client secret provided.",
             code: .credentialInvalid, actor: .admin, mentions: ["invalid", "not a client secret"]),
        Case(aadsts: 7000222, error: "invalid_client", text: "The provided client secret keys for app 'x' are expired.",
             code: .credentialExpired, actor: .you, mentions: ["expired", "new request"]),
        Case(aadsts: 90002, error: "invalid_request", text: "Tenant 'x' not found.",
             code: .tenantNotFound, actor: .you, mentions: ["not found in the global cloud", "Directory (tenant) ID"]),
        Case(aadsts: 65001, error: "invalid_grant", text: "The user or administrator has not consented to use the application.",
             code: .consentMissing, actor: .admin, mentions: ["Grant admin consent", "66666666-7777-4888-9999-000000000000"]),
        Case(aadsts: 500011, error: "invalid_resource", text: "The resource principal named https://contoso.sharepoint.com was not found.",
             code: .resourceNotFound, actor: .you, mentions: ["https://contoso.sharepoint.com", "--site"]),
        Case(aadsts: 700024, error: "invalid_client", text: "Client assertion is not within its valid time range.",
             code: .assertionTimeRange, actor: .you, mentions: ["valid time range", "clock"]),
        Case(aadsts: 50012, error: "invalid_client", text: "Client assertion audience claim does not match Realm issuer.",
             code: .audienceMismatch, actor: .you, mentions: ["audience", "--authority-host"]),
        Case(aadsts: 50058, error: "invalid_grant", text: "A silent sign-in request was sent but no user is signed in.",
             code: .tokenRefused, actor: nil, mentions: ["silent sign-in", "error?code=50058"]),
    ]

    @Test(arguments: cases)
    func eachCodeHasItsOwnMessageAndActor(_ example: Case) throws {
        let response = try #require(EntraErrorResponse.parse(Self.body(example.error, example.aadsts, example.text)))
        #expect(response.codes == [example.aadsts])
        let error = response.entraError(for: Self.request, scheme: .ps256, retried: false, clockSkew: nil)
        #expect(error.code == example.code)
        #expect(error.facts.actor == example.actor)
        #expect(error.facts.aadsts == example.aadsts)
        #expect(error.reason.contains("AADSTS\(example.aadsts)"), "\(error.reason)")
        #expect(!error.reason.contains("\n") && !(Hint.text(for: error) ?? "").contains("\n"), "one line each")
        let text = error.reason + " " + (Hint.text(for: error) ?? "")
        for word in example.mentions { #expect(text.contains(word), "\(word) missing from: \(text)") }
    }

    @Test func theSummaryDropsTheCodePrefixAndTheTraceLines() throws {
        let response = try #require(EntraErrorResponse.parse(Self.body("invalid_client", 50012, "Audience mismatch.")))
        #expect(response.summary == "Audience mismatch.")
        #expect(response.trace == "trace ID 0000aaaa-11bb-cccc-dd22-eeeeee333333, correlation ID aaaa0000-bb11-2222-33cc-444444dddddd, at 2026-01-09 02:02:12Z")
    }

    @Test func codesAreReadFromTheDescriptionWhenTheListIsMissing() throws {
        let body = Array(#"{"error":"invalid_client","error_description":"AADSTS70002: Error validating credentials. AADSTS50012: Client assertion audience claim does not match Realm issuer."}"#.utf8)
        let response = try #require(EntraErrorResponse.parse(body))
        #expect(response.codes == [70002, 50012])
        #expect(response.entraError(for: Self.request, scheme: .ps256, retried: false, clockSkew: nil).code == .audienceMismatch)
    }

    @Test func theRetryIsNamedInA700027Refusal() throws {
        let response = try #require(EntraErrorResponse.parse(Self.body("invalid_client", 700027, "Client assertion failed signature validation.")))
        let error = response.entraError(for: Self.request, scheme: .rs256, retried: true, clockSkew: nil)
        #expect(error.reason.contains("tried PS256 with x5t#S256, then RS256 with x5t"))
    }

    @Test func clockSkewIsMeasuredInTheMessage() throws {
        let response = try #require(EntraErrorResponse.parse(Self.body("invalid_client", 700024, "Client assertion is not within its valid time range.")))
        #expect(response.entraError(for: Self.request, scheme: .ps256, retried: false, clockSkew: 3599).reason.hasSuffix("Entra's clock is 1 h ahead of this machine's"))
        #expect(response.entraError(for: Self.request, scheme: .ps256, retried: false, clockSkew: 3720).reason.hasSuffix("Entra's clock is 1 h 2 min ahead of this machine's"))
        #expect(response.entraError(for: Self.request, scheme: .ps256, retried: false, clockSkew: -600).reason.hasSuffix("Entra's clock is 10 min behind this machine's"))
        #expect(!response.entraError(for: Self.request, scheme: .ps256, retried: false, clockSkew: 5).reason.contains("clock is"))
    }

    @Test func notEntrasJSONIsNotParsed() {
        #expect(EntraErrorResponse.parse(Array("<html>proxy error</html>".utf8)) == nil)
        #expect(EntraErrorResponse.parse(Array("{\"message\":\"x\"}".utf8)) == nil)
    }
}
