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
        let trace = trace.isEmpty ? "" : " (\(trace))"
        let show = "spconnect show \(request.connectionName)"
        func has(_ code: Int) -> Bool { codes.contains(code) }

        if has(700016) {
            return EntraError(.applicationNotFound, "Entra ID has no application \(request.clientID) in tenant \(request.tenant)\(tag)",
                              hint: "first compare the IDs with the admin's reply (\(show)); if they match, ask your admin to check that the app registration exists in this tenant and send them the Application (client) ID \(request.clientID) and Directory (tenant) ID \(request.tenant)\(trace)",
                              actor: .admin, aadsts: 700016)
        }
        if has(700027) {
            let tried = retried ? "; tried PS256 with x5t#S256, then RS256 with x5t" : "; signed \(scheme.rawValue)"
            return EntraError(.certificateNotRegistered,
                              "Entra ID does not accept this certificate for app \(request.clientID): it is not on the app registration, or its thumbprint differs\(tag)\(tried)",
                              hint: "ask your admin to upload the certificate to the app registration (Certificates & secrets > Certificates > Upload certificate) and to check its thumbprint is \(request.thumbprint); send them the public certificate (spconnect export \(request.connectionName) --format pem) and that thumbprint\(trace)",
                              actor: .admin, aadsts: 700027)
        }
        if has(7000222) {
            return EntraError(.credentialExpired, "the credential registered on app \(request.clientID) has expired\(tag)",
                              hint: "make a new certificate with a new request (spconnect request …) and ask your admin to upload it and remove the expired one; send them the new request's email\(trace)",
                              actor: .you, aadsts: 7000222)
        }
        if has(7000215) {
            return EntraError(.credentialInvalid, "Entra ID refused the credential of app \(request.clientID) as invalid\(tag)",
                              hint: "the app registration does not hold this certificate as a credential: ask your admin to upload the certificate with thumbprint \(request.thumbprint) under Certificates (not a client secret); send them the public certificate (spconnect export \(request.connectionName) --format pem)\(trace)",
                              actor: .admin, aadsts: 7000215)
        }
        if has(90002) {
            return EntraError(.tenantNotFound, "tenant \(request.tenant) was not found in the \(request.cloud) cloud\(tag)",
                              hint: "check the Directory (tenant) ID against the admin's reply (\(show)); a tenant in GCC High, DoD or China needs the connection's cloud set accordingly (or --authority-host)",
                              actor: .you, aadsts: 90002)
        }
        if has(65001) {
            return EntraError(.consentMissing, "admin consent has not been granted to app \(request.clientID)\(tag)",
                              hint: "ask your admin to grant admin consent (Entra admin center > App registrations > \(request.clientID) > API permissions > Grant admin consent) for the SharePoint application permission; send them the Application (client) ID \(request.clientID)\(trace)",
                              actor: .admin, aadsts: 65001)
        }
        if has(500011) {
            return EntraError(.resourceNotFound, "the resource \(request.resource) was not found in tenant \(request.tenant)\(tag)",
                              hint: "the site's host is not this tenant's SharePoint: check the site address (--site https://<tenant>.sharepoint.com/sites/NAME) and the tenant in \(show)",
                              actor: .you, aadsts: 500011)
        }
        if has(700024) || has(500133) {
            var clock = ""
            if let clockSkew, abs(clockSkew) >= 60 {
                clock = ": Entra's clock is \(Self.duration(abs(clockSkew))) \(clockSkew > 0 ? "ahead of" : "behind") this machine's"
            }
            return EntraError(.assertionTimeRange, "the client assertion is outside its valid time range\(tag)\(clock)",
                              hint: "set this machine's clock right (timedatectl set-ntp true, or the system's date and time settings) and run verify again",
                              actor: .you, aadsts: codes.first)
        }
        if has(50012) {
            return EntraError(.audienceMismatch, "Entra ID refused the client assertion's audience\(tag): \(summary)",
                              hint: "the login host does not serve this tenant: check the connection's cloud (\(request.cloud)) and --authority-host",
                              actor: .you, aadsts: codes.first)
        }
        let lookup = codes.first.map { " (look it up: https://login.microsoftonline.com/error?code=\($0))" } ?? ""
        return EntraError(.tokenRefused, "Entra ID refused the token request\(tag): \(error): \(summary)",
                          hint: "if the message names something only the admin can change, send them this message\(trace)\(lookup)",
                          actor: nil, aadsts: codes.first)
    }

    /// "3 min", "2 h 5 min".
    static func duration(_ seconds: Int) -> String {
        // To the nearest minute: a Date header has whole seconds, and the answer takes a moment.
        let total = max(1, (seconds + 30) / 60)
        if total < 60 { return "\(total) min" }
        return "\(total / 60) h" + (total % 60 > 0 ? " \(total % 60) min" : "")
    }
}
