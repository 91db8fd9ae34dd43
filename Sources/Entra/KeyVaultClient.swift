#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common

/// Azure Key Vault's certificate import, the one Key Vault call spconnect makes.
///
/// The request, from "Import Certificate - Import Certificate" (Key Vault REST,
/// https://learn.microsoft.com/rest/api/keyvault/certificates/import-certificate/import-certificate?view=rest-keyvault-certificates-2025-07-01):
/// `POST {vaultBaseUrl}/certificates/{certificate-name}/import?api-version=2025-07-01` with a
/// JSON body whose `value` is the base64 of a PFX holding the private key, `pwd` the PFX's
/// password, and `policy` a `CertificatePolicy` with `key_props` (`exportable`, `kty` `RSA`,
/// `key_size`, `reuse_key`) and `secret_props.contentType` `application/x-pkcs12` (the
/// page's own sample request is this shape). The key is imported exportable: App Service,
/// Functions and the Key Vault CSI driver read the certificate's secret, key included.
/// A 200 answer is a `CertificateBundle` (`id`, `kid`, `sid`, `x5t`, `cer`, `attributes`,
/// `policy`), whose `id` is `https://NAME.vault.azure.net/certificates/CERT/VERSION`
/// ("Object identifiers", https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates).
/// Other statuses carry a `KeyVaultError` (`{"error": {"code", "message"}}`).
///
/// Failures, from "Azure Key Vault REST API Error Codes"
/// (https://learn.microsoft.com/azure/key-vault/general/rest-error-codes): 401 when the
/// token is missing, expired or for another resource or tenant (the `WWW-Authenticate`
/// challenge names the `authorization` server and `resource` Key Vault expects); 403 when
/// the caller lacks the permission (`certificates/import` in an access policy, or an Azure
/// role such as Key Vault Certificates Officer) or the vault's firewall refuses the address.
/// 409 is a name in conflict: with soft delete ("Azure Key Vault soft-delete overview",
/// https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview) a deleted
/// certificate keeps its name until it is recovered or purged.
public final class KeyVaultClient {
    /// The `api-version` every call names.
    public static let apiVersion = "2025-07-01"

    /// What Key Vault answered for an import.
    public struct ImportedCertificate: Sendable, Equatable {
        /// The certificate's identifier with its version (`https://NAME.vault.azure.net/certificates/CERT/VERSION`).
        public let id: String
        /// The certificate's name in the vault.
        public let name: String
        /// The version the import made.
        public let version: String
        /// The thumbprint Key Vault computed (`x5t`, base64url SHA-1), if it sent one.
        public let x5t: String?
    }

    /// The HTTPS client the call goes through.
    public let http: HTTPClient

    /// A client that calls Key Vault through `http`.
    public init(http: HTTPClient) {
        self.http = http
    }

    /// Imports `pfx` (protected with `password`) as a new version of certificate `name` in `vault`.
    ///
    /// - Parameters:
    ///   - keySize: the RSA key's size in bits, for the policy's `key_props`.
    ///   - token: a Key Vault access token (resource `https://vault.azure.net` or the cloud's).
    /// - Throws: ``ErrorCode/keyVaultUnauthorized`` (401), ``ErrorCode/keyVaultForbidden`` (403),
    ///   ``ErrorCode/keyVaultConflict`` (409), ``ErrorCode/keyVaultRejected`` (400),
    ///   ``ErrorCode/keyVaultFailed``, ``ErrorCode/malformedResponse`` or a transport error.
    public func importCertificate(into vault: KeyVaultAddress, name: String, pfx: SecretBytes, password: SecretBytes,
                                  keySize: Int, token: SecretBytes) throws(EntraError) -> ImportedCertificate {
        let body = Self.importBody(pfx: pfx, password: password, keySize: keySize)
        let response = try http.postJSON(vault.importURL(certificate: name), body: body, bearerToken: token,
                                         headers: [("Accept", "application/json")])
        let facts = { (actor: ErrorFacts.Actor?, values: [ErrorFact: String]) in
            ErrorFacts(actor: actor, values: values.merging([.vault: vault.url, .certificateName: name, .status: String(response.status)]) { $1 })
        }
        let said = Self.message(response)
        let place = "certificate \(name) in \(vault.host)"
        switch response.status {
        case 200, 201:
            return try Self.imported(response, vault: vault, name: name)
        case 401:
            let challenge = Self.challenge(response)
            throw EntraError(.keyVaultUnauthorized, "Key Vault refused the access token for \(vault.host) (401 Unauthorized\(said.isEmpty ? "" : ": " + said))"
                                + (challenge.isEmpty ? "" : "; it expects \(challenge)"), facts: facts(.you, [:]))
        case 403:
            throw EntraError(.keyVaultForbidden, "Key Vault does not let this identity import \(place) (403 Forbidden\(said.isEmpty ? "" : ": " + said))",
                             facts: facts(.admin, [:]))
        case 409:
            throw EntraError(.keyVaultConflict, "Key Vault refused \(place): the name is in conflict (409 Conflict\(said.isEmpty ? "" : ": " + said))",
                             facts: facts(.you, [:]))
        case 400:
            throw EntraError(.keyVaultRejected, "Key Vault refused the import of \(place) (400 Bad Request\(said.isEmpty ? "" : ": " + said))",
                             facts: facts(.you, [:]))
        default:
            let temporary = response.status >= 500 || response.status == 429
            throw EntraError(.keyVaultFailed, "\(vault.host) answered \(response.status)\(said.isEmpty ? "" : ": " + said)",
                             facts: ErrorFacts(actor: temporary ? nil : .you, isTemporary: temporary,
                                               values: [.vault: vault.url, .certificateName: name, .status: String(response.status)]))
        }
    }

    /// The request body, built in wiped-on-release memory: it holds the PFX and its password.
    static func importBody(pfx: SecretBytes, password: SecretBytes, keySize: Int) -> SecretBytes {
        // The password is hex or base64url text spconnect made, and base64 needs no JSON escape.
        SecretBytes(joining: [
            SecretBytes(Array("{\"value\":\"".utf8)), Base64.encode(secret: pfx),
            SecretBytes(Array("\",\"pwd\":\"".utf8)), password,
            SecretBytes(Array(("\",\"policy\":{\"key_props\":{\"exportable\":true,\"kty\":\"RSA\",\"key_size\":\(keySize),\"reuse_key\":false},"
                               + "\"secret_props\":{\"contentType\":\"application/x-pkcs12\"}}}").utf8)),
        ])
    }

    /// The certificate the 200 answer describes; its `id` must be a version of `name` in `vault`.
    static func imported(_ response: HTTPResponse, vault: KeyVaultAddress, name: String) throws(EntraError) -> ImportedCertificate {
        struct Bundle: Decodable {
            var id: String?
            var x5t: String?
        }
        let malformed = { (what: String) in
            EntraError(.malformedResponse, "\(vault.host) answered 200 but \(what): \(response.bodyText(limit: 120))",
                       facts: ErrorFacts(actor: .you, values: [.check: "keyVault", .host: vault.host]))
        }
        guard let bundle = try? JSONDecoder().decode(Bundle.self, from: Data(response.body)), let id = bundle.id else {
            throw malformed("not with a certificate bundle")
        }
        // https://HOST[:443]/certificates/NAME/VERSION, compared case-insensitively as the page says.
        let prefixes = ["https://\(vault.host)/certificates/", "https://\(vault.host):443/certificates/"]
        guard let prefix = prefixes.first(where: { id.lowercased().hasPrefix($0) }) else { throw malformed("with the id of another place") }
        let parts = id.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].lowercased() == name.lowercased(), !parts[1].isEmpty,
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw malformed("with an id that is not a version of certificate \(name)")
        }
        return ImportedCertificate(id: "https://\(vault.host)/certificates/\(parts[0])/\(parts[1])", name: String(parts[0]),
                                   version: String(parts[1]), x5t: bundle.x5t.map { ServerText.shown($0, limit: 64) })
    }

    /// Key Vault's own words: the `KeyVaultError`'s code and message, else the body; filtered.
    static func message(_ response: HTTPResponse) -> String {
        struct Failure: Decodable {
            struct Inner: Decodable {
                var code: String?
                var message: String?
            }
            var error: Inner?
        }
        if let failure = try? JSONDecoder().decode(Failure.self, from: Data(response.body)), let inner = failure.error {
            let code = inner.code.map { ServerText.shown($0, limit: 60) }
            let text = inner.message.map { ServerText.shown($0, limit: 200) }
            return [code, text].compactMap { $0 }.joined(separator: ": ")
        }
        return response.bodyText(limit: 160)
    }

    /// The `WWW-Authenticate` challenge's `authorization` and `resource`, filtered, for a 401's message.
    static func challenge(_ response: HTTPResponse) -> String {
        guard let header = response.header("WWW-Authenticate") else { return "" }
        func value(_ name: String) -> String? {
            guard let range = header.firstRange(of: name + "=\"") else { return nil }
            return ServerText.shown(String(header[range.upperBound...].prefix { $0 != "\"" }), limit: 120)
        }
        return [value("resource").map { "a token for resource \($0)" }, value("authorization").map { "from \($0)" }]
            .compactMap { $0 }.joined(separator: " ")
    }
}
