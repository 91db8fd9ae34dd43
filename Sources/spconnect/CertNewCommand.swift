#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import OpenSSLSupport
import Common
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
        var options = CertificateMaker.Options(name: name)
        options.keySize = keySize
        options.days = days
        options.folder = folder
        options.force = force
        for warning in try CertificateMaker.precheck(options) { Console.warn(warning) }

        if let keyFile {
            options.existingKey = try loadKey(keyFile)
        }
        if insecureNoKeyPassword {
            Console.warn("--insecure-no-key-password: \(name).key.pem and \(name).pfx hold the private key unencrypted")
        } else {
            var source = PasswordSource(
                file: passwordFile, environmentVariable: "SPCONNECT_CERT_PASSWORD",
                prompt: "Password for \(name).key.pem and \(name).pfx: "
            )
            source.allowWeak = weak.allowed
            options.password = try source.read(confirm: true)
        }
        if options.existingKey == nil && !json {
            Console.note("Generating an RSA-\(keySize) key…")
        }
        let summary = try CertificateMaker.make(options)
        if json {
            Console.out(summary.json)
        } else {
            Console.out(summary.text)
            Console.out("\nNext: upload \(folder == "." ? "" : folder + "/")\(name).cer in the Entra admin center (App registrations › your app › Certificates & secrets › Certificates › Upload certificate) and check that it shows the thumbprint \(summary.thumbprint).")
        }
    }

    private func loadKey(_ path: String) throws -> RSAPrivateKey {
        var pem = try FileBytes.read(path, limit: 1 << 20)
        defer { pem.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
        // An unencrypted key opens at once; the password is asked only when it is needed.
        do {
            return try RSAPrivateKey(pem: pem, password: nil)
        } catch where error.code == .passwordRequired {
            // asked below
        } catch {
            throw error.at(path)
        }
        let password = try PasswordSource(file: keyPasswordFile, environmentVariable: "SPCONNECT_KEY_PASSWORD",
                                          prompt: "Password of \(path): ", fileFlag: "--key-password-file FILE").read(confirm: false)
        do {
            return try RSAPrivateKey(pem: pem, password: password)
        } catch {
            throw error.at(path)
        }
    }
}
