import ArgumentParser
import Workflow

/// `spconnect connection set NAME --client-id … --tenant-id … --site …`.
struct ConnectionSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Correct a connection's client ID, tenant ID, Object ID or sites.",
        discussion: """
        For a value mistyped at import, or a site added later. Each value is checked as
        import checks it (a GUID that is not the tenant's or one of Microsoft's apps; a
        SharePoint site of the connection's cloud). --site replaces the list of sites.
        The old and new values are written to the audit log. Check the result with
        verify.

        Examples:
          spconnect connection set contoso-reports \\
            --client-id 6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c
          spconnect connection set contoso-reports \\
            --tenant-id 72f988bf-86f1-41af-91ab-2d7cd011db47
          spconnect connection set contoso-reports \\
            --object-id 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
          spconnect connection set contoso-reports \\
            --site https://contoso.sharepoint.com/sites/reports \\
            --site https://contoso.sharepoint.com/sites/finance
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name (or its request ID).", valueName: "connection"))
    var connection: String

    @Option(name: .customLong("client-id"), help: ArgumentHelp("The Application (client) ID.", valueName: "id"))
    var clientID: String?

    @Option(name: .customLong("tenant-id"), help: ArgumentHelp("The Directory (tenant) ID: a GUID or the tenant's domain.", valueName: "id"))
    var tenantID: String?

    @Option(name: .customLong("object-id"), help: ArgumentHelp("The app registration's Object ID (its Overview page; renew needs it).", valueName: "id"))
    var objectID: String?

    @Option(name: .customLong("site"), help: ArgumentHelp("A SharePoint site (repeatable; replaces the connection's sites).", valueName: "url"))
    var sites: [String] = []

    @Flag(name: .long, help: "Print the connection as one JSON document.")
    var json = false

    func validate() throws {
        if clientID == nil && tenantID == nil && objectID == nil && sites.isEmpty {
            throw ValidationError("Give what to change: --client-id, --tenant-id, --object-id or --site.")
        }
    }

    func run() throws {
        var change = ChangeConnection(connection: connection)
        change.clientID = clientID
        change.tenantID = tenantID
        change.objectID = objectID
        change.sites = sites
        // A refused value is a usage error.
        let outcome = try change.run(in: global.environment()) { check in try UsageError.checking(check) }
        let summary = ConnectionSummary(outcome.record)
        guard outcome.changed else {
            // The values asked for are the connection's already: exit 0, nothing written.
            if json {
                Console.out(summary.json.rendered)
            } else {
                Console.out("Connection \(outcome.record.name) already has these values; nothing was changed.")
            }
            return
        }
        if json {
            Console.out(summary.json.rendered)
            return
        }
        let changed = outcome.record
        Console.out("Connection \(changed.name) was changed (the old values are in: \(PasteableCommand.spconnect(home: global.home, ["log"]))).")
        Console.out("")
        Console.out(summary.text)
        Console.out("")
        Console.out("Next: \(PasteableCommand.spconnect(home: global.home, ["verify", changed.name]))")
    }
}
