#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import OpenSSLSupport
import Common

/// The `cert new` use case: a unique self-signed certificate and its files, all or nothing.
public struct CertificateMaker {
    /// What to make.
    public struct Options {
        public var name: String
        public var keySize: Int = 3072
        public var days: Int = 365
        public var folder: String = "."
        public var force = false
        /// A key to use instead of generating one.
        package var existingKey: RSAPrivateKey?
        /// The password for `NAME.key.pem` and `NAME.pfx`; `nil` only with `--insecure-no-key-password`.
        public var password: SecretBytes?

        public init(name: String) { self.name = name }
    }

    /// The file names `cert new` writes for `name`, in the order it lists them.
    public static func fileNames(for name: String) -> [String] {
        ["\(name).cer", "\(name).pem", "\(name).key.pem", "\(name).pfx", "\(name).keycredential.json"]
    }

    /// Checks everything that can be checked before a key is generated or a password asked:
    /// the name, the key size, the validity, the folder, and (without `force`) that no file exists.
    public static func precheck(_ options: Options) throws -> [String] {
        try SelfSignedCertificate.validate(commonName: options.name)
        if options.existingKey == nil && !RSAPrivateKey.allowedSizes.contains(options.keySize) {
            throw CertificateError(.invalidKeySize, "key size \(options.keySize) is not allowed")
        }
        guard options.days >= 1, options.days <= SelfSignedCertificate.maximumDays else {
            throw CertificateError(.invalidValidity, "validity of \(options.days) days is not allowed")
        }
        try fileSet(options, contents: [:]).check(overwrite: options.force)
        var warnings: [String] = []
        if options.days > SelfSignedCertificate.graphMaximumDays {
            warnings.append("a validity over \(SelfSignedCertificate.graphMaximumDays) days: Microsoft Graph refuses key credentials valid for more than a year when they are added through its API (the portal upload accepts them)")
        }
        return warnings
    }

    /// Makes the certificate and writes its files.
    public static func make(_ options: Options, now: Date = Date()) throws -> CertificateSummary {
        let warnings = try precheck(options)
        let key = try options.existingKey ?? RSAPrivateKey.generate(bits: options.keySize)
        let certificate = try SelfSignedCertificate.make(commonName: options.name, key: key, days: options.days, now: now)
        let keyPEM = try key.pkcs8PEM(password: options.password)
        let pfx = try PKCS12Archive.make(certificate: certificate, key: key, password: options.password, friendlyName: options.name)
        let credential = KeyCredential(certificate: certificate, keyId: try RandomBytes.guid())
        let names = fileNames(for: options.name)
        let contents: [String: (bytes: SecretBytes, mode: UInt32)] = [
            names[0]: (SecretBytes(certificate.der), 0o644),
            names[1]: (SecretBytes(certificate.pem), 0o644),
            names[2]: (keyPEM, 0o600),
            names[3]: (pfx, 0o600),
            names[4]: (SecretBytes(credential.fileJSON), 0o644),
        ]
        let set = fileSet(options, contents: contents)
        try set.commit(overwrite: options.force)
        return CertificateSummary(certificate, hasPrivateKey: true, files: names.map { set.path(of: $0) }, warnings: warnings)
    }

    private static func fileSet(_ options: Options, contents: [String: (bytes: SecretBytes, mode: UInt32)]) -> AtomicFileSet {
        var set = AtomicFileSet(folder: options.folder)
        for name in fileNames(for: options.name) {
            let entry = contents[name] ?? (SecretBytes([]), 0o600)
            set.add(name, secret: entry.bytes, mode: entry.mode)
        }
        return set
    }
}
