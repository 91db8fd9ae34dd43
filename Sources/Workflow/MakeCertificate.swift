#if canImport(Glibc)
import Glibc
#endif
import Certificates
import OpenSSLSupport
import Common

/// The `cert new` command: a unique self-signed certificate and its files (``CertificateMaker``),
/// with the key and PFX password from the ``Environment``'s sources.
public struct MakeCertificate: Sendable {
    /// The name, key size, validity, folder and `force` (the password is read by ``run(in:)``).
    public var name: String
    /// RSA key size: 2048, 3072 or 4096.
    public var keySize = 3072
    /// Validity in days from now.
    public var days = 365
    /// The folder to write into; it must exist.
    public var folder = "."
    /// Replace files that already exist.
    public var force = false
    /// A file holding the key and PFX password (else `SPCONNECT_CERT_PASSWORD`, else a prompt).
    public var passwordFile: String?
    /// Accept a password below ``PassphraseStrength``'s floor.
    public var allowWeakPassword = false
    /// Protect the key and PFX with a password (false writes them unencrypted).
    public var encryptKey = true
    /// An existing RSA private key (PEM) to use instead of generating one.
    public var keyFile: String?
    /// A file holding `keyFile`'s password (else `SPCONNECT_KEY_PASSWORD`, else a prompt).
    public var keyPasswordFile: String?

    /// A certificate named `name`.
    public init(name: String) {
        self.name = name
    }

    /// Checks what can be checked, reads the key and the password, then makes and writes the
    /// files. Cautions and progress go to the environment's notices.
    public func run(in environment: Environment) throws -> CertificateSummary {
        var options = CertificateMaker.Options(name: name)
        options.keySize = keySize
        options.days = days
        options.folder = folder
        options.force = force
        for warning in try CertificateMaker.precheck(options) { environment.notify(.caution(OptionText(warning))) }

        if let keyFile {
            options.existingKey = try loadKey(keyFile, in: environment)
        }
        if !encryptKey {
            environment.notify(.unencryptedCertificateFiles(name: name))
        } else {
            var source = environment.password(file: passwordFile, variable: "SPCONNECT_CERT_PASSWORD",
                                              prompt: "Password for \(name).key.pem and \(name).pfx: ")
            source.allowWeak = allowWeakPassword
            options.password = try source.read(confirm: true)
        }
        if options.existingKey == nil { environment.notify(.generatingKey(bits: keySize)) }
        return try CertificateMaker.make(options)
    }

    private func loadKey(_ path: String, in environment: Environment) throws -> RSAPrivateKey {
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
        let password = try environment.password(file: keyPasswordFile, variable: "SPCONNECT_KEY_PASSWORD",
                                                prompt: "Password of \(path): ", fileOption: "\(option: "keyPasswordFile") FILE").read(confirm: false)
        do {
            return try RSAPrivateKey(pem: pem, password: password)
        } catch {
            throw error.at(path)
        }
    }
}
