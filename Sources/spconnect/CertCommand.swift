import ArgumentParser

/// `spconnect cert`: the standalone certificate tools.
struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Make or inspect certificates for Entra app registrations.",
        discussion: """
        Examples:
          spconnect cert new --name contoso-reports
          spconnect cert inspect contoso-reports.pfx
        """,
        subcommands: [CertNewCommand.self, CertInspectCommand.self]
    )
}
