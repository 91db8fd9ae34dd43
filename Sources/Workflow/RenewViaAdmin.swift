import OpenSSLSupport
import Common
import Vault
import Domain

/// `renew --via-admin`: when the app cannot roll its own certificate, a request to the tenant
/// admin to add a new one to **this** app, named by its client ID (never by its name), removing
/// nothing. It is a `request --client-id` whose values come from the connection (tenant,
/// client ID, cloud, sites, permission, site role, app name) and which remembers the connection
/// it renews (``RequestRecord/renewsConnection``), so that `import` of the admin's reply makes
/// its certificate that connection's current one and the old one its previous
/// (``ReplyImporter``). Needs no passphrase.
public struct RenewViaAdmin: Sendable {
    /// The connection's name.
    public var connection: String
    /// The admins' addresses; empty: those of the request the connection came from.
    public var admins: [String] = []
    /// Addresses that get a copy.
    public var cc: [String] = []
    /// The sender, `Name <address>`; nil: config.toml's, else the original request's.
    public var from: String?
    /// The new certificate's validity in days.
    public var days = 365
    /// The new key's size.
    public var keySize = 3072
    /// The API the app's permission is for (`sharepoint`, `graph` or `both`); nil: the original
    /// request's. A connection does not keep it, so without the original request it must be given.
    public var api: String?
    /// An existing RSA key (PEM, unencrypted) to use instead of generating one.
    public var keyFile: String?
    /// How the email is delivered.
    public var delivery = DeliverySetup()

    /// A renewal request for `connection`.
    public init(connection: String) {
        self.connection = connection
    }

    /// What was made: the request (delivered or kept for `send`) and the connection it renews.
    public struct Outcome: Sendable {
        /// The request and its delivery.
        public let delivered: DeliveredRequest
        /// The connection's name.
        public let connection: String
        /// Its client ID, which the admin's scripts look the app up by.
        public let clientID: String
    }

    /// Checks the values, the transport and the templates before a key is made, then makes,
    /// stores and delivers the request, as `request` does.
    public func run(in environment: Environment) throws -> Outcome {
        let configuration = try Configuration.load(environment.location.configPath)
        let store = try environment.openStore()
        let record = try store.connection(connection)
        // A previous certificate still kept, or a renewal under way, would be dropped or replaced by the import: first things first.
        if let previous = record.previousCertificate {
            throw WorkflowError(.previousNotRetired,
                                "connection \(record.name) still keeps its previous certificate \(Store.thumbprint(of: previous)); spconnect keeps one previous certificate at a time, so no request was made",
                                facts: ErrorFacts(actor: .you, values: [.record: record.name, .thumbprint: Store.thumbprint(of: previous)]))
        }
        if let pending = record.pendingCertificate {
            throw WorkflowError(.renewalIncomplete,
                                "connection \(record.name) has a renewal under way (certificate \(Store.thumbprint(of: pending))); no request was made",
                                facts: ErrorFacts(actor: .you, values: [.problem: "renewalPending", .record: record.name]))
        }
        // The request the connection came from, when the store still has it: its admins and API.
        let original = record.requestID.flatMap { try? store.request($0) }
        guard let api = api ?? original?.api.rawValue else {
            throw WorkflowError(.invalidOption, worded: "the request connection \(record.name) came from is no longer in the store, and the connection does not record which API its permission is for: give \(option: "api")",
                                facts: ErrorFacts(actor: .you, values: [.option: "api", .problem: "apiUnknown", .record: record.name]))
        }
        var options = RequestPlan.Options(tenant: record.tenantID, admins: admins.isEmpty ? original?.admins ?? [] : admins)
        options.cc = cc
        options.sites = record.sites
        options.appName = record.appName
        options.clientID = record.clientID
        options.permission = record.permission.rawValue
        options.siteRole = record.siteRole.rawValue
        options.api = api
        options.cloud = record.cloud.rawValue
        options.from = from ?? configuration.defaults.from ?? configuration.smtp.from ?? original?.requester
        options.keySize = keySize
        options.days = days
        let plan = try RequestPlan(options)
        if let current = try? X509Certificate(der: Array(record.certificate)), let given = keyFile,
           let key = try? RSAPrivateKey(pem: try FileBytes.read(given, limit: 1 << 20), password: nil), current.matches(key) {
            throw WorkflowError(.invalidOption, worded: "\(option: "key") is the current certificate's key: a renewal needs a new key",
                                facts: ErrorFacts(actor: .you, values: [.option: "key", .problem: "sameKey"]))
        }
        let prepared = try delivery.prepare(configuration: configuration, in: environment)
        for warning in plan.warnings { environment.notify(.caution(warning)) }
        for pending in try store.pendingRequests(tenant: plan.tenant, appName: plan.appName) {
            environment.notify(.pendingRequest(id: pending.id, status: pending.status, tenant: plan.tenant, appName: plan.appName))
        }
        let key = try keyFile.map { path in try RSAPrivateKey(pem: try FileBytes.read(path, limit: 1 << 20), password: nil) }
        if key == nil { environment.notify(.generatingKey(bits: plan.keySize)) }
        let request = try RequestMaker.create(plan, in: store, key: key, renews: record.id)
        do {
            return Outcome(delivered: try prepared.deliver(request, store: store, in: environment), connection: record.name, clientID: record.clientID)
        } catch let error as SpconnectError where [.workflow, .templates, .mail, .certificates].contains(error.code.domain) {
            // As `request`: an email that could not be made withdraws the request and its key.
            try? store.discardRequest(request.id, reason: error.reason)
            throw error
        }
    }
}
