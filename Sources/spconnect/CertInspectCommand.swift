import ArgumentParser
import Workflow

/// `spconnect cert inspect`: what a certificate file holds.
struct CertInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a certificate's subject, validity and thumbprints (DER, PEM or PFX).",
        discussion: """
        A PFX's password comes from --password-file, SPCONNECT_CERT_PASSWORD, or a prompt.

        Examples:
          spconnect cert inspect contoso-reports.cer
          spconnect cert inspect contoso-reports.pfx --password-file ~/.pfx-pass --json
        """
    )

    @Argument(help: "The certificate file: .cer (DER), .pem or .pfx.")
    var file: String

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .customLong("password-file"), help: "A file holding the PFX password.")
    var passwordFile: String?

    func run() throws {
        var inspect = InspectCertificate(file: file)
        inspect.passwordFile = passwordFile
        let summary = try inspect.run(in: GlobalOptions.environment(home: nil))
        Console.out(json ? summary.json : summary.text)
    }
}
