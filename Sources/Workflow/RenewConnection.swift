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

/// The `renew` command: the application rolls its own certificate with Microsoft Graph's
/// `addKey`, proves the new one, and only then makes it current; `--retire` removes the
/// previous one with `removeKey` (see ``GraphClient`` and ``KeyProof`` for the sources).
///
/// Every step is in the audit log, and the state between steps is in the store
/// (``RenewalState``), so an interrupted renewal is resumed by the next `renew`:
/// - `sealed`: the new certificate is made and its key sealed; nothing was sent. It is sent.
/// - `sent`: `addKey` went out and no answer came back. Graph may have added the key, so it is
///   not sent again blindly: Entra is asked for a token with the new certificate. A token means
///   Graph added it; AADSTS700027 (the certificate is not on the app) means it did not, and
///   `addKey` is sent again.
/// - `added`: Graph (or the admin, whose reply `import` put the certificate here) has added the
///   new certificate; it is proved (a token and each site), then made current. This step needs no
///   Object ID: no Graph call is made.
///
/// The connection's current certificate changes only in the last step, in one transaction, so a
/// failure anywhere leaves the connection with the certificate that worked before.
public struct RenewConnection: Sendable {
    /// How to renew.
    public struct Options: Sendable {
        /// Sites, `--authority-host`, `--ca-file`, timeout: as `verify`'s.
        public var verify = ConnectionVerifier.Options()
        /// Replaces the cloud's Graph host (`--graph-host`).
        public var graphHost: String?
        /// The new certificate's validity; Graph refuses more than a year through `addKey`.
        public var days = 365
        /// The new key's size (as `request`'s).
        public var keySize = 3072
        /// An existing RSA key (PEM, unencrypted) for the new certificate instead of a generated one (`--key`, as `request`'s).
        public var keyFile: String?
        /// Retire the previous certificate instead of renewing.
        public var retire = false
        /// How the renewed certificate reaches the Azure Key Vault the connection was exported
        /// to, if it was (the token command; the CA file, `--connect-to` and timeout of the call).
        public var keyVault = ExportToKeyVault.Access()

        /// The defaults: `request`'s certificate profile, the cloud's hosts.
        public init() {}
    }

    /// The connection's name.
    public var connection: String
    /// How.
    public var options: Options

    /// A renewal of `connection`.
    public init(connection: String, options: Options) {
        self.connection = connection
        self.options = options
    }

    /// Checks what can be checked before the store is unlocked (the options, the connection's
    /// state), then renews or retires; `progress` gets each step as it ends.
    public func run(in environment: Environment, now: Date = Date(), progress: (RenewalStep) -> Void = { _ in }) throws -> RenewalReport {
        if !RSAPrivateKey.allowedSizes.contains(options.keySize) {
            throw CertificateError(.invalidKeySize, "key size \(options.keySize) is not allowed")
        }
        guard (1...SelfSignedCertificate.graphMaximumDays).contains(options.days) else {
            throw WorkflowError(.invalidOption, "a renewed certificate may be valid for 1 to \(SelfSignedCertificate.graphMaximumDays) days (Graph's addKey refuses longer), not \(options.days)",
                                facts: ErrorFacts(actor: .you, values: [.option: "days", .problem: "renewDays"]))
        }
        let givenKey = try options.keyFile.map { path in try RSAPrivateKey(pem: try FileBytes.read(path, limit: 1 << 20), password: nil) }
        let store = try environment.openStore()
        var record = try store.connection(connection)
        let graphHost = try GraphClient.host(cloud: record.cloud, override: options.graphHost)
        _ = try VerifyEndpoints(cloud: record.cloud, authorityHost: options.verify.authorityHost)
        let verifier = ConnectionVerifier(record, options: options.verify)
        _ = try verifier.sites()
        // Proving a certificate already added (by Graph, or by the admin) calls no Graph API.
        let provingOnly = !options.retire && record.pendingCertificate != nil && record.pendingState == RenewalState.added.rawValue
        guard let objectID = record.objectID ?? (provingOnly ? "" : nil) else {
            throw Self.impossible(record, "noObjectID", "spconnect does not know the app registration's Object ID (the admin's reply did not give it), and Graph's addKey and removeKey need it")
        }
        if options.retire {
            guard record.previousCertificate != nil else {
                throw WorkflowError(.nothingToRetire, "connection \(record.name) has no previous certificate to retire",
                                    facts: ErrorFacts(actor: .you, values: [.record: record.name]))
            }
        } else if record.pendingCertificate == nil, record.previousCertificate != nil {
            throw WorkflowError(.previousNotRetired,
                                "connection \(record.name) still has its previous certificate \(Store.thumbprint(of: record.previousCertificate!)) registered; spconnect keeps one previous certificate at a time",
                                facts: ErrorFacts(actor: .you, values: [.record: record.name]))
        }
        if record.pendingCertificate == nil, !options.retire, DaysLeft.isExpired(DaysLeft.until(record.notAfter, now: now)) {
            throw Self.impossible(record, "expired", "its certificate expired on \(ISO8601.string(record.notAfter)), and Graph's addKey needs a proof signed with a valid certificate of the app")
        }
        let unlocked = try environment.unlock(store)
        let graph = try Graph(record: record, objectID: objectID, host: graphHost, options: options.verify, unlocked: unlocked)
        var report = RenewalReport(connection: record.name)
        func step(_ name: RenewalStep.Name, _ outcome: RenewalStep.Outcome, _ summary: String) {
            let made = RenewalStep(name, outcome, summary: summary)
            report.steps.append(made)
            progress(made)
        }

        if options.retire {
            return try retire(record, store: store, graph: graph, report: report, step: step)
        }

        // 1. The new key and certificate, sealed into the store before anything leaves the machine.
        if let pending = record.pendingCertificate {
            let state = record.pendingState.flatMap(RenewalState.init(rawValue:)) ?? .sealed
            step(.resume, .ok, "resuming the renewal begun \(record.pendingSince.map(ISO8601.string) ?? "earlier"): new certificate \(Store.thumbprint(of: pending)), \(Self.describe(state))")
        } else {
            if givenKey == nil { environment.notify(.generatingKey(bits: options.keySize)) }
            let key = try givenKey ?? RSAPrivateKey.generate(bits: options.keySize)
            if let current = try? X509Certificate(der: Array(record.certificate)), current.matches(key) {
                throw WorkflowError(.invalidOption, worded: "\(option: "key") is the current certificate's key: a renewal needs a new key",
                                    facts: ErrorFacts(actor: .you, values: [.option: "key", .problem: "sameKey"]))
            }
            let certificate = try SelfSignedCertificate.make(commonName: Self.commonName(record), key: key, days: options.days, now: now)
            record = try store.beginRenewal(record.id, certificate: Data(certificate.der), key: try key.pkcs8DER(), now: now)
            step(.generate, .ok, "new certificate \(certificate.fingerprints.thumbprint) (RSA \(key.bits), until \(ISO8601.string(certificate.notAfter))), its key sealed in the store")
        }
        guard let pendingDER = record.pendingCertificate else { throw WorkflowError(.renewalIncomplete, "the renewal vanished from the store") }
        let pending = try X509Certificate(der: Array(pendingDER))
        let pendingKey = try unlocked.pendingKey(of: record)
        var state = record.pendingState.flatMap(RenewalState.init(rawValue:)) ?? .sealed

        // 2. `sent` with no answer: find out whether Graph added the key before sending it again.
        if state == .sent {
            do {
                _ = try graph.token(with: pending, key: try RSAPrivateKey(pkcs8DER: pendingKey), resource: graph.client.resource)
                record = try store.advanceRenewal(record.id, certificate: pendingDER, to: .added,
                                                  detail: "addKey's answer was lost, but Entra issues tokens for the new certificate: Graph added it (keyId unknown)")
                step(.addKey, .ok, "Graph had added the new certificate (Entra accepts it; its keyId was in the lost answer)")
                state = .added
            } catch let error as EntraError where error.code == .certificateNotRegistered {
                record = try store.advanceRenewal(record.id, certificate: pendingDER, to: .sealed,
                                                  detail: "addKey's answer was lost and Entra does not know the new certificate (AADSTS700027): it was not added")
                step(.addKey, .ok, "Graph had not added the new certificate (Entra does not know it); sending addKey again")
                state = .sealed
            }
        }

        // 3. A Graph token with the current certificate, and addKey with a proof signed by it.
        if state == .sealed {
            let token: AccessToken
            do {
                token = try graph.currentToken()
            } catch let error as EntraError {
                try? store.audit("renewal.failed", subject: record.name, detail: "no Graph token with the current certificate: \(error.code.name)")
                step(.graphToken, .failed, "no token for \(graph.client.resource)/.default: \(error.reason)")
                if [.certificateNotRegistered, .credentialExpired, .credentialInvalid].contains(error.code) {
                    throw Self.impossible(record, "noValidCertificate", "Entra ID no longer accepts the current certificate, so the app cannot prove it holds a valid one", cause: error)
                }
                throw WorkflowError(.renewalIncomplete, "no Graph token with the current certificate: \(error.reason); nothing was sent to Graph, and the connection keeps its certificate",
                                    cause: .error(error), facts: ErrorFacts(actor: error.facts.actor, isTemporary: error.facts.isTemporary,
                                                                            values: [.problem: "graphToken", .record: record.name]))
            }
            step(.graphToken, .ok, "token for \(graph.client.resource)/.default with the current certificate")
            record = try store.advanceRenewal(record.id, certificate: pendingDER, to: .sent, detail: "addKey sent for \(pending.fingerprints.thumbprint)")
            let keyID: String
            do {
                keyID = try graph.client.addKey(objectID: objectID, certificateDER: pending.der, proof: try graph.proof(), token: token)
            } catch let error as EntraError {
                step(.addKey, .failed, "addKey: \(error.reason)")
                if [.graphBadRequest, .graphUnauthorized, .graphForbidden, .graphNotFound].contains(error.code) {
                    // Graph answered and refused: nothing was added. The new key goes.
                    try store.abandonRenewal(record.id, certificate: pendingDER, reason: "Graph refused addKey: \(error.reason)")
                    throw Self.impossible(record, error.code == .graphForbidden ? "policy" : "refused",
                                          "Graph refused to add the new certificate; nothing changed, the connection keeps its certificate", cause: error)
                }
                // No answer (or 5xx): Graph may have added it. The next renew finds out.
                throw WorkflowError(.renewalIncomplete,
                                    "addKey got no usable answer (\(error.reason)): Graph may or may not have added the new certificate; the connection keeps its current certificate",
                                    cause: .error(error), facts: ErrorFacts(actor: .you, isTemporary: true, values: [.problem: "addKeyUnanswered", .record: record.name]))
            }
            record = try store.advanceRenewal(record.id, certificate: pendingDER, to: .added, keyID: keyID, detail: "Graph added \(pending.fingerprints.thumbprint) as keyId \(keyID)")
            step(.addKey, .ok, "Graph added the new certificate (keyId \(keyID))")
        }

        // 4. Prove the new certificate as `verify` would, then make it current.
        let check = try ConnectionVerifier(record, options: options.verify).run(candidate: pendingDER, key: pendingKey)
        guard check.passed else {
            let failed = check.steps.first { $0.outcome == .failed }
            try? store.audit("renewal.failed", subject: record.name, detail: "the new certificate did not pass: \(failed?.summary ?? "a check failed")")
            step(.prove, .failed, "the new certificate: \(failed?.summary ?? "a check failed")")
            throw WorkflowError(.renewalIncomplete,
                                "the new certificate is registered but did not pass its checks (\(failed?.summary ?? "a check failed")); the connection keeps using its current certificate \(record.thumbprintSHA1)",
                                cause: failed?.error.flatMap { $0 as? SpconnectError }.map(ErrorCause.error),
                                facts: ErrorFacts(actor: .you, values: [.problem: "newCertificateFailed", .record: record.name]))
        }
        step(.prove, .ok, "the new certificate passed \(check.steps.count) checks (token and each site)")
        let currentKey = try unlocked.key(of: record)
        let prints = pending.fingerprints
        record = try store.completeRenewal(record.id, certificate: pendingDER, newKey: pendingKey, currentKey: currentKey,
                                           thumbprintSHA1: prints.thumbprint, thumbprintSHA256: prints.sha256Fingerprint, notAfter: pending.notAfter)
        step(.switchOver, .ok, "certificate \(prints.thumbprint) is now current; the previous one stays registered until it is retired")
        report.outcome = .renewed
        report.history = CertificateHistory(record)
        report.objectIDKnown = record.objectID != nil
        report.keyVault = Self.updateKeyVault(record, unlocked: unlocked, in: environment, access: options.keyVault, step: step)
        return report
    }

    /// After the switch: the new certificate as a new version of the Key Vault certificate the
    /// connection is linked to (``ExportToKeyVault/importNewVersion(of:unlocked:in:access:)``).
    /// A failure is reported and written to the audit log, never thrown: the renewal stands.
    static func updateKeyVault(_ record: ConnectionRecord, unlocked: UnlockedStore, in environment: Environment, access: ExportToKeyVault.Access,
                               step: (RenewalStep.Name, RenewalStep.Outcome, String) -> Void) -> RenewalReport.KeyVaultUpdate? {
        let link: KeyVaultLink
        do {
            guard let found = try unlocked.store.keyVaultLink(ofConnection: record.id) else { return nil }
            link = found
        } catch {
            return nil
        }
        do {
            guard let result = try ExportToKeyVault.importNewVersion(of: record.name, unlocked: unlocked, in: environment, access: access) else { return nil }
            step(.keyVault, .ok, "imported the new certificate into Azure Key Vault as \(result.link.certificateID)")
            return .init(vault: result.link.vaultURL, certificateName: result.link.certificateName, version: result.link.versionID, problem: nil, code: nil)
        } catch {
            let reason = (error as? SpconnectError)?.reason ?? "\(error)"
            let code = (error as? SpconnectError)?.code.name
            try? unlocked.store.audit("renewal.keyvault.failed", subject: record.name,
                                      detail: "the new certificate \(record.thumbprintSHA1) was not imported into Azure Key Vault \(link.vaultURL)/certificates/\(link.certificateName): \(reason)")
            step(.keyVault, .failed, "Azure Key Vault \(link.vaultURL) (certificate \(link.certificateName)) still has the old certificate: \(reason)")
            return .init(vault: link.vaultURL, certificateName: link.certificateName, version: nil, problem: reason, code: code)
        }
    }

    /// `--retire`: removeKey for the previous certificate with a proof signed by the current
    /// one, then its sealed key is deleted.
    private func retire(_ record: ConnectionRecord, store: Store, graph: Graph, report start: RenewalReport,
                        step: (RenewalStep.Name, RenewalStep.Outcome, String) -> Void) throws -> RenewalReport {
        var report = start
        guard let previous = record.previousCertificate else { throw WorkflowError(.nothingToRetire, "nothing to retire") }
        let thumbprint = Store.thumbprint(of: previous)
        let previousCertificate = try X509Certificate(der: Array(previous))
        let keyID = record.previousKeyID ?? KeyCredential.scriptKeyID(for: previousCertificate)
        let token: AccessToken
        do {
            token = try graph.currentToken()
        } catch let error as EntraError {
            step(.graphToken, .failed, "no token for \(graph.client.resource)/.default: \(error.reason)")
            try? store.audit("renewal.retire.failed", subject: record.name, detail: "no Graph token: \(error.code.name)")
            throw WorkflowError(.retireFailed, "no Graph token with the current certificate: \(error.reason); the previous certificate stays registered and stored",
                                cause: .error(error), facts: ErrorFacts(actor: .you, values: [.problem: "graphToken", .record: record.name]))
        }
        step(.graphToken, .ok, "token for \(graph.client.resource)/.default with the current certificate")
        let detail = "Graph removed keyId \(keyID) (certificate \(thumbprint)); its sealed key was deleted"
        do {
            try graph.client.removeKey(objectID: graph.objectID, keyID: keyID, proof: try graph.proof(), token: token)
            step(.removeKey, .ok, "Graph removed the previous certificate \(thumbprint) (keyId \(keyID))")
        } catch let error as EntraError {
            step(.removeKey, .failed, "removeKey: \(error.reason)")
            try? store.audit("renewal.retire.failed", subject: record.name, detail: "removeKey refused: \(error.reason)")
            throw WorkflowError(.retireFailed, "Graph did not remove the previous certificate \(thumbprint) (keyId \(keyID)\(record.previousKeyID == nil ? ", the keyId the request's scripts give a certificate" : "")): \(error.reason); it stays registered and stored",
                                cause: .error(error),
                                facts: ErrorFacts(actor: .you, values: [.problem: record.previousKeyID == nil ? "keyIDGuessed" : "refused", .record: record.name, .thumbprint: thumbprint]))
        }
        let updated = try store.retirePrevious(record.id, certificate: previous, detail: detail)
        step(.forget, .ok, "the previous certificate's sealed key was deleted from the store")
        report.outcome = .retired
        report.history = CertificateHistory(updated)
        return report
    }

    /// The Graph side of a run: the client, the current certificate and key, the proof.
    private struct Graph {
        let client: GraphClient
        let tokens: TokenClient
        let record: ConnectionRecord
        let objectID: String
        let certificate: X509Certificate
        let key: RSAPrivateKey

        init(record: ConnectionRecord, objectID: String, host: String, options: ConnectionVerifier.Options, unlocked: UnlockedStore) throws {
            let http = try HTTPClient(options: HTTPClient.Options(caFile: options.caFile, connectTimeout: min(10, options.timeout),
                                                                  totalTimeout: options.timeout, userAgent: "spconnect/\(ConnectionVerifier.version)"))
            client = GraphClient(http: http, host: host)
            tokens = TokenClient(http: http, endpoints: try VerifyEndpoints(cloud: record.cloud, authorityHost: options.authorityHost))
            self.record = record
            self.objectID = objectID
            certificate = try X509Certificate(der: Array(record.certificate))
            key = try RSAPrivateKey(pkcs8DER: try unlocked.key(of: record))
        }

        /// An app-only token for `resource` with `certificate`.
        func token(with certificate: X509Certificate, key: RSAPrivateKey, resource: String) throws -> AccessToken {
            let prints = certificate.fingerprints
            let request = TokenRequest(tenant: record.tenantID, clientID: record.clientID, resource: resource,
                                       thumbprint: prints.thumbprint, cloud: record.cloud.rawValue, connectionName: record.name)
            return try tokens.acquire(request, key: key, fingerprints: prints).token
        }

        /// A Graph token with the current certificate.
        func currentToken() throws -> AccessToken { try token(with: certificate, key: key, resource: client.resource) }

        /// A fresh proof signed with the current certificate.
        func proof() throws -> KeyProof { try KeyProof(key: key, fingerprints: certificate.fingerprints, objectID: objectID) }
    }

    static func impossible(_ record: ConnectionRecord, _ problem: String, _ why: String, cause: SpconnectError? = nil) -> WorkflowError {
        WorkflowError(.renewalImpossible, "connection \(record.name) cannot renew its own certificate: \(why)", cause: cause.map(ErrorCause.error),
                      facts: ErrorFacts(actor: .you, values: [.problem: problem, .record: record.name, .clientID: record.clientID,
                                                             .tenant: record.tenantID, .graphCode: cause?.facts[.graphCode] ?? ""].filter { !$0.value.isEmpty }))
    }

    static func describe(_ state: RenewalState) -> String {
        switch state {
        case .sealed: "not yet sent to Graph"
        case .sent: "addKey sent, its answer lost"
        case .added: "added to the app, not yet proved"
        }
    }

    /// The current certificate's common name, when it can name the new one too.
    static func commonName(_ record: ConnectionRecord) -> String {
        if let certificate = try? X509Certificate(der: Array(record.certificate)) {
            let subject = certificate.subject
            if subject.hasPrefix("CN="), !subject.dropFirst(3).contains(","),
               (try? SelfSignedCertificate.validate(commonName: String(subject.dropFirst(3)))) != nil {
                return String(subject.dropFirst(3))
            }
        }
        return "spconnect \(record.id)"
    }
}
