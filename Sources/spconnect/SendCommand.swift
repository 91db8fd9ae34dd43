import ArgumentParser
import Mail
import Vault
import Workflow

/// `spconnect send`: deliver a request's email again, to the same or corrected recipients.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send (or re-send) a request's email, with the same Message-ID.",
        discussion: """
        For a request whose delivery failed, or one written to the outbox that you now want
        spconnect to send over SMTP. The email is rendered again from the stored request.
        --admin and --cc replace the request's recipients (a mistyped address, another
        admin); the change is kept and written to the audit log (spconnect log).

        Examples:
          spconnect send SPC-7K3D-Q9XA
          spconnect send SPC-7K3D-Q9XA --transport smtp --verbose
          spconnect send SPC-7K3D-Q9XA --admin it-admin@contoso.com \\
            --cc dana@contoso.com
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The request's ID.", valueName: "request"))
    var request: String

    @Option(name: .long, help: ArgumentHelp("Send to this admin instead of the request's (repeatable; replaces them all).", valueName: "email"))
    var admin: [String] = []

    @Option(name: .long, help: ArgumentHelp("Copy to this address instead of the request's copies (repeatable; replaces them).", valueName: "email"))
    var cc: [String] = []

    @Flag(name: .customLong("no-cc"), help: "Send no copy (drops the request's --cc addresses).")
    var noCC = false

    @OptionGroup var delivery: DeliveryOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        if noCC && !cc.isEmpty {
            throw ValidationError("--no-cc and --cc contradict each other; give one.")
        }
    }

    func run() throws {
        // Addresses are checked before anything is opened or changed.
        let admins = try admin.map { try Mailbox(parsing: $0, field: "--admin").description }
        let copies = try cc.map { try Mailbox(parsing: $0, field: "--cc").description }
        let environment = global.environment()
        let store = try environment.openStore()
        let configuration = try Configuration.load(store.location.configPath)
        let prepared = try delivery.prepare(configuration: configuration, in: environment)
        var record = try store.verifiedRequest(request)
        if !admins.isEmpty || !copies.isEmpty || noCC {
            record = try store.setRecipients(record.id, admins: admins.isEmpty ? record.admins : admins,
                                             cc: noCC ? [] : (copies.isEmpty ? record.cc : copies))
        }
        try prepared.deliver(record, store: store, json: json, home: global.home)
    }
}
