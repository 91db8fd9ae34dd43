import ArgumentParser
import Workflow

/// `spconnect cert new`: a unique self-signed certificate and its files.
struct CertNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a unique self-signed certificate for an Entra app registration.",
        discussion: """
        Writes, into --out (default: the current folder), each file atomically:
          NAME.cer                  the public certificate (DER): what the Entra portal uploads
          NAME.pem                  the public certificate (PEM)
          NAME.key.pem              the private key, encrypted PKCS#8 (mode 0600)
          NAME.pfx                  certificate and key, PKCS#12 AES-256 (mode 0600), for PnP PowerShell and .NET
          NAME.keycredential.json   the keyCredential for Microsoft Graph and the app manifest

        The key and PFX password comes from --password-file FILE, the
        SPCONNECT_CERT_PASSWORD environment variable, or a prompt (asked twice).
        It is never taken from the command line.

        Examples:
          spconnect cert new --name contoso-reports
          spconnect cert new --name ci-bot --key-size 4096 --days 180 --out ./certs
          spconnect cert new --name app --key existing.key.pem \\
            --key-password-file ~/.key-pass
        """
    )

    @Option(name: .long, help: "The certificate's name: its subject CN and the files' base name.")
    var name: String

    // `.unconditional`: `--days -5` is a (refused) value, not an unknown option.
    @Option(name: .customLong("key-size"), parsing: .unconditional, help: "RSA key size: 2048, 3072 or 4096.")
    var keySize: Int = 3072

    @Option(name: .long, parsing: .unconditional, help: "Validity in days from now (Microsoft Graph's API accepts at most 365).")
    var days: Int = 365

    @Option(name: .customLong("out"), help: "The folder to write into; it must exist.")
    var folder: String = "."

    @Flag(name: .long, help: "Replace files that already exist.")
    var force = false

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .customLong("password-file"), help: "A file holding the key and PFX password.")
    var passwordFile: String?

    @OptionGroup var weak: WeakPassphraseOption

    @Flag(name: .customLong("insecure-no-key-password"), help: "Write the private key and PFX unencrypted (not recommended).")
    var insecureNoKeyPassword = false

    @Option(name: .customLong("key"), help: "Use this existing RSA private key (PEM) instead of generating one.")
    var keyFile: String?

    @Option(name: .customLong("key-password-file"), help: "A file holding the password of --key, when it is encrypted (or SPCONNECT_KEY_PASSWORD).")
    var keyPasswordFile: String?

    func validate() throws {
        if insecureNoKeyPassword && passwordFile != nil {
            throw ValidationError("--insecure-no-key-password and --password-file contradict each other; give one.")
        }
        if keyPasswordFile != nil && keyFile == nil {
            throw ValidationError("--key-password-file needs --key.")
        }
    }

    func run() throws {
        var make = MakeCertificate(name: name)
        make.keySize = keySize
        make.days = days
        make.folder = folder
        make.force = force
        make.passwordFile = passwordFile
        make.allowWeakPassword = weak.allowed
        make.encryptKey = !insecureNoKeyPassword
        make.keyFile = keyFile
        make.keyPasswordFile = keyPasswordFile
        let summary = try make.run(in: GlobalOptions.environment(home: nil, json: json))
        if json {
            Console.out(summary.json)
        } else {
            Console.out(summary.text)
            Console.out("\nNext: upload \(folder == "." ? "" : folder + "/")\(name).cer in the Entra admin center (App registrations › your app › Certificates & secrets › Certificates › Upload certificate) and check that it shows the thumbprint \(summary.thumbprint).")
        }
    }
}
