#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import OpenSSLSupport
import Common
import Entra
import Vault
import Domain

/// The `verify` use case: proves a connection end to end.
///
/// 1. the sealed key opens and matches the stored certificate;
/// 2. for each SharePoint host among the sites, Entra ID issues an app-only token for
///    `https://<host>/.default` against a client assertion signed with that key;
/// 3. each site answers `_api/web?$select=Title` with that token.
///
/// Each check is reported as it completes; a failed check carries an ``EntraError`` that
/// says what to do and who must act, and the checks that depend on it are skipped.
public struct ConnectionVerifier {
    /// How to verify.
    public struct Options: Sendable {
        /// The sites to call; empty means the connection's own sites.
        public var sites: [String] = []
        /// The first assertion's scheme (`--assertion`).
        package var scheme: SignatureScheme = .ps256
        /// Replaces the cloud's login host (`--authority-host`).
        public var authorityHost: String?
        /// Extra trusted CAs (`--ca-file`).
        public var caFile: String?
        /// Seconds for each HTTPS exchange (`--timeout`).
        public var timeout: Double = 30

        /// The defaults: the connection's sites, PS256, the cloud's login host, the system trust, 30 s.
        public init() {}

        /// The HTTPS client these options describe (`--ca-file`, `--timeout`).
        func httpClient() throws -> HTTPClient {
            try HTTPClient(options: HTTPClient.Options(caFile: caFile, connectTimeout: min(10, timeout),
                                                       totalTimeout: timeout, userAgent: "spconnect/\(ConnectionVerifier.version)"))
        }
    }

    /// The connection verified.
    public let connection: ConnectionRecord
    /// How it is verified.
    public let options: Options

    /// A verifier for `connection`.
    public init(_ connection: ConnectionRecord, options: Options) {
        self.connection = connection
        self.options = options
    }

    /// The sites this run calls, parsed: `--site` values, else the connection's.
    ///
    /// - Throws: ``ErrorCode/invalidValue`` for an address that is not https, or when
    ///   there is no site at all.
    public func sites() throws(EntraError) -> [SiteURL] {
        let texts = options.sites.isEmpty ? connection.sites : options.sites
        guard !texts.isEmpty else {
            throw EntraError(.invalidValue, "connection \(connection.name) names no site, so there is nothing to call",
                             facts: ErrorFacts(actor: .you, values: [.check: "connectionSites", .record: connection.name]))
        }
        var parsed: [SiteURL] = []
        for text in texts { parsed.append(try SiteURL(text)) }
        return parsed
    }

    /// Runs every check; `progress` is called with each step as it completes.
    ///
    /// - Throws: only for what stops verification before any check (an unknown cloud, a
    ///   bad `--ca-file` or site address); failed checks are in the report.
    public func run(unlocked: UnlockedStore, progress: (VerificationStep) -> Void = { _ in }) throws -> VerificationReport {
        let endpoints = try VerifyEndpoints(cloud: connection.cloud, authorityHost: options.authorityHost)
        let sites = try sites()
        let http = try options.httpClient()
        var report = VerificationReport(connection, tokenEndpoint: endpoints.tokenEndpoint(tenant: connection.tenantID))
        func record(_ step: VerificationStep) {
            report.add(step)
            progress(step)
        }
        if options.authorityHost == nil {
            for site in sites where !endpoints.isSharePointHost(site.host.split(separator: ":").first.map(String.init) ?? site.host) {
                report.warn("\(site.host) is not a SharePoint Online host of the \(endpoints.cloud.rawValue) cloud (*.\(endpoints.sharePointSuffix))")
            }
        }

        // 1. The key.
        let certificate: X509Certificate
        let key: RSAPrivateKey
        do {
            let credential = try ConnectionCredential(connection, unlocked: unlocked)
            certificate = credential.certificate
            key = credential.key
        } catch let error as any UserFacingError {
            record(VerificationStep(.key, .failed, subject: connection.thumbprintSHA1, summary: "the sealed key: \(error.wordedReason)", error: error))
            for site in sites { record(VerificationStep(.site, .skipped, subject: site.url, summary: "\(site): not called (no key)")) }
            return report
        }
        return try check(certificate: certificate, key: key, sites: sites, endpoints: endpoints, http: http, report: report, progress: progress)
    }

    /// Verifies a certificate that is not (yet) the connection's own, with its key: what
    /// `renew` does with the new certificate before it makes it current.
    public func run(candidate der: Data, key pkcs8: SecretBytes, progress: (VerificationStep) -> Void = { _ in }) throws -> VerificationReport {
        let endpoints = try VerifyEndpoints(cloud: connection.cloud, authorityHost: options.authorityHost)
        let sites = try sites()
        let http = try HTTPClient(options: HTTPClient.Options(caFile: options.caFile, connectTimeout: min(10, options.timeout),
                                                              totalTimeout: options.timeout, userAgent: "spconnect/\(Self.version)"))
        let report = VerificationReport(connection, tokenEndpoint: endpoints.tokenEndpoint(tenant: connection.tenantID))
        let certificate = try X509Certificate(der: Array(der))
        let key = try RSAPrivateKey(pkcs8DER: pkcs8)
        guard certificate.matches(key) else {
            throw VaultError(.vaultAuthenticationFailed, "the new key does not match the new certificate", location: "connection \(connection.name)")
        }
        return try check(certificate: certificate, key: key, sites: sites, endpoints: endpoints, http: http, report: report, progress: progress)
    }

    /// Steps 1 (reported), 2 and 3, with the key in hand.
    private func check(certificate: X509Certificate, key: RSAPrivateKey, sites: [SiteURL], endpoints: VerifyEndpoints, http: HTTPClient,
                       report start: VerificationReport, progress: (VerificationStep) -> Void) throws -> VerificationReport {
        var report = start
        func record(_ step: VerificationStep) {
            report.add(step)
            progress(step)
        }
        let fingerprints = certificate.fingerprints
        let daysLeft = DaysLeft.until(certificate.notAfter)
        record(VerificationStep(.key, .ok, subject: fingerprints.thumbprint,
                                summary: "the sealed key opens and matches certificate \(fingerprints.thumbprint)",
                                details: [("valid until", "\(ISO8601.string(certificate.notAfter)) (\(DaysLeft.text(daysLeft, expired: "EXPIRED")))")],
                                validUntil: (certificate.notAfter, daysLeft)))
        if DaysLeft.isExpired(daysLeft) {
            report.warn("the certificate expired on \(ISO8601.string(certificate.notAfter)): Entra ID will refuse it; make a new request")
        }

        // 2 and 3: a token per SharePoint host, then its sites.
        let tokens = TokenClient(http: http, endpoints: endpoints)
        let sharePoint = SharePointClient(http: http)
        let app = SharePointClient.App(clientID: connection.clientID, displayName: connection.appName, siteRole: connection.siteRole)
        var resources: [String] = []
        for site in sites where !resources.contains(site.resource) { resources.append(site.resource) }
        for resource in resources {
            let request = TokenRequest(tenant: connection.tenantID, clientID: connection.clientID, resource: resource,
                                       thumbprint: fingerprints.thumbprint, cloud: connection.cloud.rawValue, connectionName: connection.name)
            let hostSites = sites.filter { $0.resource == resource }
            let grant: TokenClient.Grant
            do {
                grant = try tokens.acquire(request, key: key, fingerprints: fingerprints, scheme: options.scheme)
            } catch let error as any UserFacingError {
                record(VerificationStep(.token, .failed, subject: request.scope, summary: "no token for \(request.scope): \(error.wordedReason)",
                                        details: [("endpoint", report.tokenEndpoint)], error: error))
                for site in hostSites { record(VerificationStep(.site, .skipped, subject: site.url, summary: "\(site): not called (no token)")) }
                continue
            }
            var details: [(String, String)] = [("endpoint", grant.endpoint)]
            if let refusal = grant.firstRefusal {
                details.append(("assertion", "RS256 with x5t (PS256 with x5t#S256 was refused\(refusal.facts.aadsts.map { ": AADSTS\($0)" } ?? ""))"))
            } else {
                details.append(("assertion", grant.scheme == .ps256 ? "PS256 with x5t#S256" : "RS256 with x5t"))
            }
            let token = grant.token
            details.append(("roles", token.decoded ? (token.roles.isEmpty ? "(none)" : token.roles.joined(separator: ", ")) : "(the token is not a JWT; roles unknown)"))
            if let expiresAt = token.expiresAt {
                let minutes = Int((expiresAt.timeIntervalSinceNow / 60).rounded())
                details.append(("expires", "\(ISO8601.string(expiresAt)) (in \(minutes) min)"))
            }
            record(VerificationStep(.token, .ok, subject: request.scope, summary: "token for \(request.scope)", details: details,
                                    roles: token.roles, expiresAt: token.expiresAt))
            if token.decoded && token.roles.isEmpty {
                report.warn("the token for \(resource) carries no application role: admin consent to a SharePoint application permission is missing")
            }
            for site in hostSites {
                do {
                    let title = try sharePoint.webTitle(of: site, token: token, app: app)
                    record(VerificationStep(.site, .ok, subject: site.url, summary: "\(site): \"\(title)\"", title: title))
                } catch {
                    record(VerificationStep(.site, .failed, subject: site.url, summary: "\(site): \(error.wordedReason)", error: error))
                }
            }
        }
        return report
    }

    /// spconnect's version, for the User-Agent.
    public static let version = SpconnectVersion.string
}
