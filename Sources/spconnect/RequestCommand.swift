import ArgumentParser
import Domain
import Workflow

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
        $SPCONNECT_HOME/outbox/REQUEST.eml as a draft to send yourself: --open opens it in
        your mail program, and once you have sent it, spconnect send REQUEST --mark-sent
        records that. Runs init first when there is no store yet. Needs no passphrase
        otherwise.

        Examples:
          spconnect request --tenant contoso.onmicrosoft.com --admin it@contoso.com \\
            --site https://contoso.sharepoint.com/sites/reports \\
            --from "Dana <dana@contoso.com>"
          spconnect request --tenant contoso.onmicrosoft.com --admin it@contoso.com \\
            --permission sites-read-all --app-name "Reports exporter" --transport smtp
          spconnect request --tenant contoso.onmicrosoft.com --admin it@contoso.com \\
            --site https://contoso.sharepoint.com/sites/reports --open
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
        var make = MakeRequest(tenant: tenant, admins: admin)
        make.cc = cc
        make.sites = site
        make.appName = appName
        make.clientID = clientID
        make.permission = permission
        make.siteRole = siteRole
        make.api = api
        make.cloud = cloud
        make.from = from
        make.keySize = keySize
        make.days = days
        make.keyFile = keyFile
        make.delivery = delivery.setup
        make.allowWeakPassphrase = weak.allowed
        let delivered = try make.run(in: global.environment(json: json))
        try delivery.present(delivered, json: json, home: global.home)
    }
}
