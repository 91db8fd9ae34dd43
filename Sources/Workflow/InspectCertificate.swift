import Certificates
import Common

/// The `cert inspect` command: what a certificate file (DER, PEM or PFX) holds. A PFX's
/// password comes from the ``Environment``'s sources (a file, `SPCONNECT_CERT_PASSWORD`, a prompt).
public struct InspectCertificate: Sendable {
    /// The certificate file.
    public var file: String
    /// A file holding the PFX password.
    public var passwordFile: String?

    /// An inspection of `file`.
    public init(file: String) {
        self.file = file
    }

    /// Reads and describes the file; the password is asked only for a PFX that needs one.
    public func run(in environment: Environment) throws -> CertificateSummary {
        let bytes = try FileBytes.read(file)
        return try CertificateInspector.inspect(bytes, path: file) {
            try environment.password(file: passwordFile, variable: "SPCONNECT_CERT_PASSWORD",
                                     prompt: "Password of \(file): ").read(confirm: false)
        }
    }
}
