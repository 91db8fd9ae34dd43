#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import OpenSSLSupport

/// The JSON body Entra ID's token endpoint answers a refusal with, and what each AADSTS
/// code means for the person running spconnect: what to do, and who must act.
///
/// ```json
/// {"error": "invalid_client",
///  "error_description": "AADSTS700027: Client assertion failed signature validation. …\r\nTrace ID: …",
///  "error_codes": [700027], "timestamp": "…", "trace_id": "…", "correlation_id": "…"}
/// ```
public struct EntraErrorResponse: Decodable, Sendable {
    /// The OAuth error (`invalid_client`, `invalid_request`, `unauthorized_client`…).
    public let error: String
    /// Entra's text, starting `AADSTSnnnn:`.
    public let errorDescription: String?
    /// The AADSTS numbers.
    public let errorCodes: [Int]?
    /// `trace_id`: finds the request in Entra's sign-in logs.
    public let traceID: String?
    /// `correlation_id`.
    public let correlationID: String?
    /// `timestamp`, Entra's time of the refusal.
    public let timestamp: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case errorCodes = "error_codes"
        case traceID = "trace_id"
        case correlationID = "correlation_id"
        case timestamp
    }

    /// Reads an error body; nil when it is not Entra's error JSON.
    public static func parse(_ body: [UInt8]) -> EntraErrorResponse? {
        try? JSONDecoder().decode(EntraErrorResponse.self, from: Data(body))
    }

    /// The AADSTS codes: `error_codes`, else the `AADSTSnnnn` numbers in the description.
    public var codes: [Int] {
        if let errorCodes, !errorCodes.isEmpty { return errorCodes }
        guard let text = errorDescription else { return [] }
        var found: [Int] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: "AADSTS") {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            if let number = Int(digits) { found.append(number) }
            rest = rest[range.upperBound...]
        }
        return found
    }

    /// The first line of the description, without its `AADSTSnnnn: ` prefix and the trace lines.
    public var summary: String {
        let text = errorDescription ?? error
        var line = text.split(whereSeparator: \.isNewline).first ?? Substring(text)
        if line.hasPrefix("AADSTS"), let colon = line.firstIndex(of: ":") {
            line = line[line.index(after: colon)...].drop { $0 == " " }
        }
        return ServerText.shown(String(line))
    }

    /// What an admin needs to find the request in the sign-in logs.
    public var trace: String {
        var parts: [String] = []
        if let traceID { parts.append("trace ID \(ServerText.shown(traceID, limit: 80))") }
        if let correlationID { parts.append("correlation ID \(ServerText.shown(correlationID, limit: 80))") }
        if let timestamp { parts.append("at \(ServerText.shown(timestamp, limit: 80))") }
        return parts.joined(separator: ", ")
    }

    /// The error spconnect reports for this refusal.
    ///
    /// - Parameters:
    ///   - request: what was asked.
    ///   - scheme: the last assertion's signature scheme.
    ///   - retried: whether PS256 was already refused and RS256 tried.
    ///   - clockSkew: seconds the server's `Date` is ahead of this machine (negative: behind), when known.
    package func entraError(for request: TokenRequest, scheme: SignatureScheme, retried: Bool, clockSkew: Int?) -> EntraError {
        let codes = codes
        let error = ServerText.shown(self.error, limit: 80)
        let tag = codes.first.map { " (AADSTS\($0))" } ?? " (\(error))"
        func has(_ code: Int) -> Bool { codes.contains(code) }
        // The values the hint names: the connection, the app, the tenant and the trace.
        func facts(_ actor: ErrorFacts.Actor?, _ aadsts: Int?) -> ErrorFacts {
            var values: [ErrorFact: String] = [.record: request.connectionName, .clientID: request.clientID, .tenant: request.tenant,
                                               .thumbprint: request.thumbprint, .cloud: request.cloud]
            if !trace.isEmpty { values[.trace] = trace }
            return ErrorFacts(actor: actor, aadsts: aadsts, values: values)
        }

        if has(700016) {
            return EntraError(.applicationNotFound, "Entra ID has no application \(request.clientID) in tenant \(request.tenant)\(tag)",
                              facts: facts(.admin, 700016))
        }
        if has(700027) {
            let tried = retried ? "; tried PS256 with x5t#S256, then RS256 with x5t" : "; signed \(scheme.rawValue)"
            return EntraError(.certificateNotRegistered,
                              "Entra ID does not accept this certificate for app \(request.clientID): it is not on the app registration, or its thumbprint differs\(tag)\(tried)",
                              facts: facts(.admin, 700027))
        }
        if has(7000222) {
            return EntraError(.credentialExpired, "the credential registered on app \(request.clientID) has expired\(tag)",
                              facts: facts(.you, 7000222))
        }
        if has(7000215) {
            return EntraError(.credentialInvalid, "Entra ID refused the credential of app \(request.clientID) as invalid\(tag)",
                              facts: facts(.admin, 7000215))
        }
        if has(90002) {
            return EntraError(.tenantNotFound, "tenant \(request.tenant) was not found in the \(request.cloud) cloud\(tag)",
                              facts: facts(.you, 90002))
        }
        if has(65001) {
            return EntraError(.consentMissing, "admin consent has not been granted to app \(request.clientID)\(tag)",
                              facts: facts(.admin, 65001))
        }
        if has(500011) {
            return EntraError(.resourceNotFound, "the resource \(request.resource) was not found in tenant \(request.tenant)\(tag)",
                              facts: facts(.you, 500011))
        }
        if has(700024) || has(500133) {
            var clock = ""
            if let clockSkew, abs(clockSkew) >= 60 {
                clock = ": Entra's clock is \(Self.duration(abs(clockSkew))) \(clockSkew > 0 ? "ahead of" : "behind") this machine's"
            }
            return EntraError(.assertionTimeRange, "the client assertion is outside its valid time range\(tag)\(clock)",
                              facts: facts(.you, codes.first))
        }
        if has(50012) {
            return EntraError(.audienceMismatch, "Entra ID refused the client assertion's audience\(tag): \(summary)",
                              facts: facts(.you, codes.first))
        }
        return EntraError(.tokenRefused, "Entra ID refused the token request\(tag): \(error): \(summary)",
                          facts: facts(nil, codes.first))
    }

    /// "3 min", "2 h 5 min".
    static func duration(_ seconds: Int) -> String {
        // To the nearest minute: a Date header has whole seconds, and the answer takes a moment.
        let total = max(1, (seconds + 30) / 60)
        if total < 60 { return "\(total) min" }
        return "\(total / 60) h" + (total % 60 > 0 ? " \(total % 60) min" : "")
    }
}
