#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OpenSSLSupport
import Common

/// The OAuth 2.0 client-credentials grant with a certificate: signs a client assertion and
/// POSTs it to the tenant's v2.0 token endpoint.
///
/// When Entra answers AADSTS700027 to a PS256 assertion (`x5t#S256`), one more attempt is
/// made with RS256 and the SHA-1 `x5t`, which older registrations and tenants still match.
public final class TokenClient {
    /// A token, and how it was obtained.
    public struct Grant: Sendable {
        /// The access token.
        public let token: AccessToken
        /// The scheme of the assertion Entra accepted.
        package let scheme: SignatureScheme
        /// Entra's refusal of the first (PS256) assertion, when the RS256 retry was needed.
        public let firstRefusal: EntraError?
        /// The token endpoint called.
        public let endpoint: String
    }

    /// The HTTPS client calls go through.
    public let http: HTTPClient
    /// The cloud's hosts (the login host may be `--authority-host`).
    public let endpoints: VerifyEndpoints

    /// A client for `endpoints`' token endpoint.
    public init(http: HTTPClient, endpoints: VerifyEndpoints) {
        self.http = http
        self.endpoints = endpoints
    }

    /// Gets an app-only access token for `request.scope`.
    ///
    /// - Parameters:
    ///   - key: the connection's private key.
    ///   - fingerprints: its certificate's thumbprints.
    ///   - scheme: the first assertion's scheme (`--assertion`).
    ///   - retryWithRS256: make the second RS256 attempt after AADSTS700027 to a PS256 assertion.
    /// - Throws: ``EntraError`` with the mapped AADSTS code, or a transport error;
    ///   `CertificateError` when signing fails.
    package func acquire(_ request: TokenRequest, key: RSAPrivateKey, fingerprints: CertificateFingerprints,
                        scheme: SignatureScheme = .ps256, retryWithRS256: Bool = true, now: () -> Date = { Date() }) throws -> Grant {
        let endpoint = endpoints.tokenEndpoint(tenant: request.tenant)
        do {
            let token = try attempt(request, endpoint: endpoint, key: key, fingerprints: fingerprints, scheme: scheme, retried: false, now: now)
            return Grant(token: token, scheme: scheme, firstRefusal: nil, endpoint: endpoint)
        } catch let refusal as EntraError where refusal.code == .certificateNotRegistered && scheme == .ps256 && retryWithRS256 {
            let token = try attempt(request, endpoint: endpoint, key: key, fingerprints: fingerprints, scheme: .rs256, retried: true, now: now)
            return Grant(token: token, scheme: .rs256, firstRefusal: refusal, endpoint: endpoint)
        }
    }

    private func attempt(_ request: TokenRequest, endpoint: String, key: RSAPrivateKey, fingerprints: CertificateFingerprints,
                         scheme: SignatureScheme, retried: Bool, now: () -> Date) throws -> AccessToken {
        let assertion = try ClientAssertion(key: key, fingerprints: fingerprints, clientID: request.clientID,
                                            audience: endpoint, scheme: scheme, now: now())
        let response = try http.postForm(endpoint, fields: [
            ("client_id", request.clientID),
            ("scope", request.scope),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion.compact),
            ("grant_type", "client_credentials"),
        ], headers: [("Accept", "application/json")])
        let received = now()
        guard response.status == 200 else {
            guard let refusal = EntraErrorResponse.parse(response.body) else {
                throw EntraError(.malformedResponse,
                                 "the token endpoint \(HTTPClient.host(of: endpoint)) answered \(response.status) without Entra's error JSON: \(response.bodyText())",
                                 facts: ErrorFacts(actor: .you, values: [.check: "tokenEndpoint", .host: endpoints.loginHost]))
            }
            let skew = response.header("Date").flatMap(HTTPDate.parse).map { Int($0.timeIntervalSince(received).rounded()) }
            throw refusal.entraError(for: request, scheme: scheme, retried: retried, clockSkew: skew)
        }
        return try Self.token(from: response, endpoint: endpoint, now: received)
    }

    /// Reads a 200 answer: `access_token`, `token_type`, `expires_in` (a number, or a string in v1).
    static func token(from response: HTTPResponse, endpoint: String, now: Date) throws(EntraError) -> AccessToken {
        struct Success: Decodable {
            var accessToken: String?
            var tokenType: String?
            var expiresIn: Int?
            enum CodingKeys: String, CodingKey { case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in" }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                accessToken = try container.decodeIfPresent(String.self, forKey: .accessToken)
                tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
                expiresIn = (try? container.decodeIfPresent(Int.self, forKey: .expiresIn))
                    ?? (try? container.decodeIfPresent(String.self, forKey: .expiresIn)).flatMap { $0.flatMap { Int($0) } }
            }
        }
        let host = HTTPClient.host(of: endpoint)
        guard let success = try? JSONDecoder().decode(Success.self, from: Data(response.body)) else {
            // Never echoed: a body that is almost JSON may hold a token.
            throw EntraError(.malformedResponse, "the token endpoint \(host) answered 200 but not with the token JSON (\(response.body.count) bytes, not shown: they may hold a token)",
                             facts: ErrorFacts(actor: .you, values: [.check: "tokenEndpoint", .host: host]))
        }
        guard let value = success.accessToken, !value.isEmpty else {
            throw EntraError(.malformedResponse, "the token endpoint \(host) answered 200 without an access_token",
                             facts: ErrorFacts(actor: .you, values: [.check: "accessToken", .host: host]))
        }
        if let type = success.tokenType, type.lowercased() != "bearer" {
            throw EntraError(.malformedResponse, "the token endpoint \(host) issued a \(ServerText.shown(type, limit: 40)) token, not a Bearer token", facts: ErrorFacts(actor: .you))
        }
        return AccessToken(value: value, tokenType: success.tokenType ?? "Bearer", expiresIn: success.expiresIn, now: now)
    }
}
