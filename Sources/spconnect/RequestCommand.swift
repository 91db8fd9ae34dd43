import ArgumentParser
import OpenSSLSupport
import Common
import Entra
import Mail
import Vault
import Workflow
import Domain

/// `spconnect request`: the main job.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask a tenant admin for a SharePoint connection: a new certificate and an email with exact instructions.",
        discussion: """
        Generates a unique certificate (the private key is sealed in the store and never
        leaves this machine), stores the pending request, and emails the admin the
        instructions, the public certificate, a PowerShell and an Azure CLI script and a
        reply block. Without an SMTP server in config.toml the email is written to
        $SPCONNECT_HOME/outbox/REQUEST.eml as a draft to send yourself. Runs init first
        when there is no store yet. Needs no passphrase otherwise.

        Examples:
          spconnect request --tenant contoso.onmicrosoft.com --admin it@contoso.com \\
            --site https://contoso.sharepoint.com/sites/reports \\
            --from "Dana <dana@contoso.com>"
          spconnect request --tenant contoso.onmicrosoft.com --admin it@contoso.com \\
            --permission sites-read-all --app-name "Reports exporter" --transport smtp
          spconnect request --tenant contoso.onmicrosoft.us --cloud usgov \\
            --admin it@contoso.us --site https://contoso.sharepoint.us/sites/ops \\
            --site-role read --api both
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The tenant: its GUID or a domain (contoso.onmicrosoft.com).", valueName: "tenant"))
    var tenant: String

    @Option(name: .long, help: ArgumentHelp("The admin's email address (repeat for several).", valueName: "email"))
    var admin: [String] = []

    @Option(name: .long, help: ArgumentHelp("A copy to this address (repeatable).", valueName: "email"))
    var cc: [String] = []

    @Option(name: .long, help: ArgumentHelp("A SharePoint site the app needs (repeatable; required for sites-selected).", valueName: "url"))
    var site: [String] = []

    @Option(name: .customLong("app-name"), help: ArgumentHelp("The app registration's name (default: spconnect-TENANT REQUEST-ID).", valueName: "name"))
    var appName: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("Add the certificate to this existing app (its Application (client) ID), e.g. for a renewal.", valueName: "guid"))
    var clientID: String?

    @Option(name: .long, help: ArgumentHelp("sites-selected (default), sites-read-all, sites-readwrite-all, sites-manage-all or sites-fullcontrol-all.", valueName: "profile"))
    var permission: PermissionProfile?

    @Option(name: .customLong("site-role"), help: ArgumentHelp("For sites-selected: read, write (default), manage or fullcontrol.", valueName: "role"))
    var siteRole: String?

    @Option(name: .long, help: ArgumentHelp("sharepoint (default), graph or both.", valueName: "api"))
    var api: String?

    @Option(name: .long, help: ArgumentHelp("global (default), usgov, usgovdod or china.", valueName: "cloud"))
    var cloud: Cloud?

    @Option(name: .long, help: ArgumentHelp("You, as the email's sender: \"Name <address>\" (default: from in config.toml).", valueName: "address"))
    var from: String?

    @Option(name: .customLong("key-size"), help: "RSA key size: 2048, 3072 (default) or 4096.")
    var keySize: Int?

    @Option(name: .long, help: "Certificate validity in days (default 365; Microsoft Graph accepts at most 365).")
    var days: Int?

    @Option(name: .customLong("key"), help: ArgumentHelp("Use this existing RSA key (PEM, unencrypted) instead of generating one.", valueName: "file"))
    var keyFile: String?

    @OptionGroup var delivery: DeliveryOptions

    @OptionGroup var weak: WeakPassphraseOption

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let environment = global.environment()
        let location = environment.location
        let configuration = try Configuration.load(location.configPath)
        var options = RequestPlan.Options(tenant: tenant, admins: admin)
        options.cc = cc
        options.appName = appName
        options.clientID = clientID
        options.permission = permission?.rawValue ?? configuration.defaults.permission ?? options.permission
        options.siteRole = siteRole ?? configuration.defaults.siteRole ?? options.siteRole
        options.api = api ?? configuration.defaults.api ?? options.api
        options.cloud = cloud?.rawValue ?? configuration.defaults.cloud ?? options.cloud
        // An unknown cloud is refused by RequestPlan; the sites are then left as given.
        options.sites = (try? Cloud(parsing: options.cloud)).map { SiteOption.reduced(site, cloud: $0) } ?? site
        options.from = from ?? configuration.defaults.from ?? configuration.smtp.from
        options.keySize = keySize ?? configuration.defaults.keySize ?? options.keySize
        options.days = days ?? configuration.defaults.days ?? options.days
        let plan = try RequestPlan(options)
        // Everything that can be checked is checked before a key is made: the transport, its
        // settings and password, the templates. A refusal leaves no request behind.
        let prepared = try delivery.prepare(configuration: configuration, in: environment)
        for warning in plan.warnings { Console.warn(warning) }

        let key = try keyFile.map { path in try RSAPrivateKey(pem: try FileBytes.read(path, limit: 1 << 20), password: nil) }
        let (store, created) = try Store.openOrCreate(at: location, parameters: environment.scryptCost) {
            Console.note("No store yet at \(location.home): creating it (spconnect init).")
            return try environment.passphrases.new(allowWeak: weak.allowed)
        }
        if created, !json { Console.note("Created \(location.databasePath).") }
        for pending in try store.pendingRequests(tenant: plan.tenant, appName: plan.appName) {
            Console.warn("request \(pending.id) for \(plan.tenant) and the app \(plan.appName) is still \(pending.status.rawValue); "
                         + "if this one replaces it, cancel it: \(PasteableCommand.spconnect(home: global.home, ["cancel", pending.id]))")
        }
        if key == nil, !json { Console.note("Generating an RSA-\(plan.keySize) key…") }
        let request = try RequestMaker.create(plan, in: store, key: key)
        do {
            try prepared.deliver(request, store: store, json: json, home: global.home)
        } catch let error as any UserFacingError where Self.withdrawsRequest(error) {
            // The email could not be made (a template of yours names an unknown variable…):
            // nothing was sent, so the request and its key are withdrawn, not left half done.
            // (A delivery that fails is kept, as `failed`, for `send`.)
            try? store.discardRequest(request.id, reason: error.reason)
            throw error
        }
    }

    /// Whether `error` from making and delivering the email withdraws the request: the
    /// email could not be made (a template, an address, the certificate).
    static func withdrawsRequest(_ error: any Error) -> Bool {
        if let error = error as? SpconnectError {
            return [.workflow, .templates, .mail, .certificates].contains(error.code.domain)
        }
        return error is MailError || error is CertificateError
    }
}
