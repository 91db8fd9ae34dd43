import OpenSSLSupport
import Common
import Mail
import Vault
import Domain

/// The `request` command, the main job: a new key and certificate, the pending request
/// stored with its key sealed, and the admin's email delivered. Runs `init` first when
/// there is no store yet; needs no passphrase otherwise.
public struct MakeRequest: Sendable {
    /// The values given as options; nil ones come from config.toml's `[defaults]`, else
    /// ``RequestPlan/Options``'s defaults.
    public var tenant: String
    /// The admins' addresses.
    public var admins: [String]
    /// Addresses that get a copy.
    public var cc: [String] = []
    /// The SharePoint sites the app needs.
    public var sites: [String] = []
    /// The app registration's name.
    public var appName: String?
    /// An existing app to add the certificate to.
    public var clientID: String?
    /// The permission profile.
    public var permission: PermissionProfile?
    /// For sites-selected: the site role.
    public var siteRole: String?
    /// sharepoint, graph or both.
    public var api: String?
    /// The cloud.
    public var cloud: Cloud?
    /// The sender, `Name <address>`.
    public var from: String?
    /// RSA key size.
    public var keySize: Int?
    /// Certificate validity in days.
    public var days: Int?
    /// An existing RSA key (PEM, unencrypted) to use instead of generating one.
    public var keyFile: String?
    /// How the email is delivered.
    public var delivery = DeliverySetup()
    /// For a new store: accept a passphrase below ``PassphraseStrength``'s floor.
    public var allowWeakPassphrase = false

    /// A request to `tenant`'s `admins`.
    public init(tenant: String, admins: [String]) {
        self.tenant = tenant
        self.admins = admins
    }

    /// Checks everything that can be checked (the values, the transport, its settings and
    /// password, the templates) before a key is made, then makes, stores and delivers the
    /// request. An email that cannot be made withdraws the request; a delivery that fails
    /// keeps it, as `failed`, for `send`.
    public func run(in environment: Environment) throws -> DeliveredRequest {
        let location = environment.location
        let configuration = try Configuration.load(location.configPath)
        var options = RequestPlan.Options(tenant: tenant, admins: admins)
        options.cc = cc
        options.appName = appName
        options.clientID = clientID
        options.permission = permission?.rawValue ?? configuration.defaults.permission ?? options.permission
        options.siteRole = siteRole ?? configuration.defaults.siteRole ?? options.siteRole
        options.api = api ?? configuration.defaults.api ?? options.api
        options.cloud = cloud?.rawValue ?? configuration.defaults.cloud ?? options.cloud
        // An unknown cloud is refused by RequestPlan; the sites are then left as given.
        options.sites = (try? Cloud(parsing: options.cloud)).map { SiteOption.reduced(sites, cloud: $0, notify: environment.notify) } ?? sites
        options.from = from ?? configuration.defaults.from ?? configuration.smtp.from
        options.keySize = keySize ?? configuration.defaults.keySize ?? options.keySize
        options.days = days ?? configuration.defaults.days ?? options.days
        let plan = try RequestPlan(options)
        // Everything that can be checked is checked before a key is made: the transport, its
        // settings and password, the templates. A refusal leaves no request behind.
        let prepared = try delivery.prepare(configuration: configuration, in: environment)
        for warning in plan.warnings { environment.notify(.caution(warning)) }

        let key = try keyFile.map { path in try RSAPrivateKey(pem: try FileBytes.read(path, limit: 1 << 20), password: nil) }
        let (store, created) = try Store.openOrCreate(at: location, parameters: environment.scryptCost) { () throws(SpconnectError) -> SecretBytes in
            environment.notify(.creatingStore(home: location.home))
            return try environment.passphrases.new(allowWeak: allowWeakPassphrase)
        }
        if created { environment.notify(.storeCreated(path: location.databasePath)) }
        for pending in try store.pendingRequests(tenant: plan.tenant, appName: plan.appName) {
            environment.notify(.pendingRequest(id: pending.id, status: pending.status, tenant: plan.tenant, appName: plan.appName))
        }
        if key == nil { environment.notify(.generatingKey(bits: plan.keySize)) }
        let request = try RequestMaker.create(plan, in: store, key: key)
        do {
            return try prepared.deliver(request, store: store, in: environment)
        } catch let error as SpconnectError where [.workflow, .templates, .mail, .certificates].contains(error.code.domain) {
            // The email could not be made (a template of yours names an unknown variable…):
            // nothing was sent, so the request and its key are withdrawn, not left half done.
            // (A delivery that fails is kept, as `failed`, for `send`.)
            try? store.discardRequest(request.id, reason: error.reason)
            throw error
        }
    }
}
