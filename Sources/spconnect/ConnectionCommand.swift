import ArgumentParser

/// `spconnect connection`: correct, rename or delete one connection.
struct ConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection",
        abstract: "Correct, rename or delete a connection.",
        discussion: """
        Every change is written to the audit log (see it with: spconnect log).

        Examples:
          spconnect connection set contoso-reports \\
            --client-id 6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c
          spconnect connection rename contoso-reports reports-prod
          spconnect connection delete reports-prod --yes
        """,
        subcommands: [ConnectionSetCommand.self, ConnectionRenameCommand.self, ConnectionDeleteCommand.self]
    )
}
