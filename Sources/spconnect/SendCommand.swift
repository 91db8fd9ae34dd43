import ArgumentParser
import Vault
import Workflow

/// `spconnect send`: deliver a request's email again.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send (or re-send) a request's email, with the same Message-ID.",
        discussion: """
        For a request whose delivery failed, or one written to the outbox that you now want
        spconnect to send over SMTP. The email is rendered again from the stored request.

        Examples:
          spconnect send SPC-7K3D-Q9XA
          spconnect send SPC-7K3D-Q9XA --transport smtp --verbose
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The request's ID.", valueName: "request"))
    var request: String

    @OptionGroup var delivery: DeliveryOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let configuration = try Configuration.load(store.location.configPath)
        let record = try store.request(request)
        try delivery.deliver(record, store: store, configuration: configuration, json: json)
    }
}
