#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Domain

/// The two Microsoft Graph calls with which an application rolls its own certificate:
/// `POST /v1.0/applications/{id}/addKey` and `POST /v1.0/applications/{id}/removeKey`,
/// each with an app-only token for Graph and a ``KeyProof``.
///
/// Sources: https://learn.microsoft.com/graph/api/application-addkey (v1.0): "An application
/// does not need any specific permission to roll its own keys"; the body's `keyCredential`
/// (`type` `AsymmetricX509Cert`, `usage` `Verify`, `key` the public certificate, base64 DER; only
/// the public key is to be given), `passwordCredential` (null for a certificate) and `proof`;
/// "200 OK … a new keyCredential object in the response body". It is available in every
/// national cloud (the page's deployment table), at the cloud's Graph host
/// (https://learn.microsoft.com/graph/deployments). https://learn.microsoft.com/graph/api/application-removekey:
/// `keyId` and `proof`, "204 No Content". Errors are Graph's JSON error object
/// (`error.code`, `error.message`; https://learn.microsoft.com/graph/errors).
public final class GraphClient {
    /// The HTTPS client calls go through.
    public let http: HTTPClient
    /// `https://<graph host>`, no trailing slash: also the resource of the token these calls need.
    public let resource: String

    /// A client for the Graph host `host` (`graph.microsoft.com`, a national host, or `--graph-host`).
    public init(http: HTTPClient, host: String) {
        self.http = http
        self.resource = "https://" + host
    }

    /// The Graph host of `cloud`, or `override` when given (`--graph-host`, for private endpoints and tests).
    ///
    /// - Throws: ``ErrorCode/invalidValue`` when `override` is not a host name.
    public static func host(cloud: Cloud, override: String?) throws(EntraError) -> String {
        guard let override else { return cloud.graphHost }
        let host = override.hasPrefix("https://") ? String(override.dropFirst(8)) : override
        guard !host.isEmpty, !host.contains("/"), !host.contains("@"), !host.contains(" ") else {
            throw EntraError(.invalidValue, worded: "\(option: "graphHost") \(override) is not a host name", facts: ErrorFacts(actor: .you, values: [.check: "graphHost"]))
        }
        return host
    }

    /// Adds the certificate `certificateDER` to the application `objectID` and returns the
    /// `keyId` Graph gave it.
    ///
    /// - Throws: ``ErrorCode/graphBadRequest``, ``ErrorCode/graphUnauthorized``, ``ErrorCode/graphForbidden``,
    ///   ``ErrorCode/graphNotFound``, ``ErrorCode/graphFailed``, ``ErrorCode/malformedResponse``, or a transport
    ///   error (``ErrorCode/connectionFailed`` when the connection broke: Graph may have added the key).
    public func addKey(objectID: String, certificateDER: [UInt8], proof: KeyProof, token: AccessToken) throws(EntraError) -> String {
        let key = "{\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":" + CompactJSON.quoted(Base64.encode(certificateDER)) + "}"
        let body = "{\"keyCredential\":" + key + ",\"passwordCredential\":null,\"proof\":" + CompactJSON.quoted(proof.compact) + "}"
        let url = "\(resource)/v1.0/applications/\(objectID)/addKey"
        let response = try http.postJSON(url, body: SecretBytes(Array(body.utf8)), headers: headers(token))
        guard response.status == 200 else { throw failure(response, operation: "addKey", objectID: objectID) }
        struct Added: Decodable { var keyId: String? }
        guard let added = try? JSONDecoder().decode(Added.self, from: Data(response.body)), let keyID = added.keyId.flatMap(IdentifierFormat.guid) else {
            throw EntraError(.malformedResponse, "Graph answered addKey with 200 but not with the keyCredential JSON: \(response.bodyText())",
                             facts: ErrorFacts(actor: .you, values: [.operation: "addKey"]))
        }
        return keyID
    }

    /// Removes the key `keyID` from the application `objectID`.
    ///
    /// - Throws: as ``addKey(objectID:certificateDER:proof:token:)``.
    public func removeKey(objectID: String, keyID: String, proof: KeyProof, token: AccessToken) throws(EntraError) {
        let body = "{\"keyId\":" + CompactJSON.quoted(keyID) + ",\"proof\":" + CompactJSON.quoted(proof.compact) + "}"
        let url = "\(resource)/v1.0/applications/\(objectID)/removeKey"
        let response = try http.postJSON(url, body: SecretBytes(Array(body.utf8)), headers: headers(token))
        guard response.status == 204 || response.status == 200 else { throw failure(response, operation: "removeKey", objectID: objectID) }
    }

    private func headers(_ token: AccessToken) -> [(String, String)] {
        [("Accept", "application/json"), ("Authorization", "Bearer \(token.value)")]
    }

    /// Graph's refusal as an error: its code and message (filtered), the status, the operation.
    func failure(_ response: HTTPResponse, operation: String, objectID: String) -> EntraError {
        struct Envelope: Decodable {
            struct Inner: Decodable { var code: String?; var message: String? }
            var error: Inner?
        }
        let parsed = try? JSONDecoder().decode(Envelope.self, from: Data(response.body))
        let code = parsed?.error?.code.map { ServerText.shown($0, limit: 80) }
        let message = parsed?.error?.message.map { ServerText.shown($0, limit: 240) } ?? response.bodyText(limit: 240)
        let said = "\(response.status)\(code.map { " \($0)" } ?? ""): \(message)"
        var values: [ErrorFact: String] = [.operation: operation, .status: String(response.status), .record: objectID]
        if let code { values[.graphCode] = code }
        let facts = ErrorFacts(actor: response.status == 403 ? .admin : .you, isTemporary: response.status >= 500 || response.status == 429,
                               serverReply: message, values: values)
        switch response.status {
        case 400: return EntraError(.graphBadRequest, "Graph refused \(operation) (\(said))", facts: facts)
        case 401: return EntraError(.graphUnauthorized, "Graph did not accept the token or the proof for \(operation) (\(said))", facts: facts)
        case 403: return EntraError(.graphForbidden, "Graph forbids \(operation) for this application (\(said))", facts: facts)
        case 404: return EntraError(.graphNotFound, "Graph found no such application or key for \(operation) (\(said))", facts: facts)
        default: return EntraError(.graphFailed, "Graph answered \(operation) with \(said)", facts: facts)
        }
    }
}
