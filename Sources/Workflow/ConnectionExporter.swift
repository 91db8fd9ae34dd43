import OpenSSLSupport
import Common
import Vault

/// The `export` use case: hands a connection to the tools people use.
public enum ConnectionExporter {
    /// What `export --format` writes.
    public enum Format: String, CaseIterable, Sendable {
        /// PKCS#12 with certificate and key, for PnP PowerShell and .NET (mode 0600).
        case pfx
        /// The certificate and the PKCS#8 key in one PEM file, for MSAL (mode 0600).
        case pem
        /// The non-secret description: tenant, client ID, cloud, sites, thumbprints, validity.
        case json
        /// The non-secret variables of ``AzureIdentityVariables`` for a `.env` file (no key, no
        /// password: a PFX written by `pfx` goes beside it).
        case env

        /// Whether this format carries the private key (and so needs the passphrase).
        public var holdsKey: Bool { self == .pfx || self == .pem }
    }

    /// Writes the export atomically to `path`.
    ///
    /// - Parameters:
    ///   - unlocked: the unlocked store; needed for `pfx` and `pem`.
    ///   - password: protects the key in `pfx` and `pem`; nil writes it unencrypted
    ///     (only with `--insecure-no-key-password`).
    public static func export(_ connection: ConnectionRecord, format: Format, unlocked: UnlockedStore?,
                              password: SecretBytes?, to path: String, force: Bool) throws {
        let bytes = try render(connection, format: format, unlocked: unlocked, password: password)
        try AtomicFileSet.writeFile(bytes, to: path, mode: format.holdsKey ? 0o600 : 0o644, overwrite: force)
        try recordExport(connection, format: format, unlocked: unlocked, password: password)
    }

    /// What `export` writes, in memory (for `--out -`); see ``export(_:format:unlocked:password:to:force:)``.
    public static func render(_ connection: ConnectionRecord, format: Format, unlocked: UnlockedStore?,
                              password: SecretBytes?) throws -> SecretBytes {
        let bytes: SecretBytes
        switch format {
        case .json:
            bytes = SecretBytes(Array((ConnectionSummary(connection, includeCertificate: true).json.rendered + "\n").utf8))
        case .env:
            bytes = SecretBytes(Array(try AzureIdentityVariables(connection).dotEnv.utf8))
        case .pfx, .pem:
            guard let unlocked else { preconditionFailure("pfx and pem exports need the unlocked store") }
            let credential = try ConnectionCredential(connection, unlocked: unlocked)
            let key = credential.key, certificate = credential.certificate
            if format == .pfx {
                bytes = try PKCS12Archive.make(certificate: certificate, key: key, password: password, friendlyName: connection.name)
            } else {
                bytes = SecretBytes(joining: [SecretBytes(certificate.pem), try key.pkcs8PEM(password: password)])
            }
        }
        return bytes
    }

    /// The audit line of an export that carries the key.
    public static func recordExport(_ connection: ConnectionRecord, format: Format, unlocked: UnlockedStore?, password: SecretBytes?,
                                    destination: String? = nil) throws {
        guard format.holdsKey else { return }
        try unlocked?.store.audit("key.exported", subject: connection.name,
                                  detail: "format \(format.rawValue), \(password == nil ? "unencrypted" : "encrypted")" + (destination.map { ", to \($0)" } ?? ""))
    }
}
