#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OpenSSLSupport
import Common
import Entra
import Vault

/// The `exec` command: runs a program with a connection in its environment, the way
/// Azure's SDKs read a service principal (``AzureIdentityVariables`` and
/// `AZURE_CLIENT_CERTIFICATE_PATH`), the certificate and key handed over in a
/// ``CredentialFile`` that never touches a disk on Linux.
///
/// The command inherits spconnect's environment without the secret variables
/// (``EnvironmentVariables/secretNames``) and without the other credentials
/// `EnvironmentCredential` would take first (`AZURE_CLIENT_SECRET`, `AZURE_USERNAME`…).
public struct RunWithConnection: Sendable {
    /// The connection's name.
    public var connection: String
    /// The program and its arguments.
    public var command: [String]
    /// Replaces the cloud's login host in `AZURE_AUTHORITY_HOST` (`--authority-host`).
    public var authorityHost: String?

    /// A run of `command` with `connection`.
    public init(connection: String, command: [String], authorityHost: String? = nil) {
        self.connection = connection
        self.command = command
        self.authorityHost = authorityHost
    }

    /// The variables `EnvironmentCredential` reads ahead of a certificate, or as one, that
    /// the command must not inherit: it would use them instead of the connection.
    static let replaced: Set<String> = [
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_USERNAME", "AZURE_PASSWORD",
    ]

    /// Looks the connection up, unlocks the store, opens the key, runs the command and
    /// returns how it ended; `started` is called once it runs.
    ///
    /// - Throws: what stops it before the command runs (no such connection, a wrong
    ///   passphrase, a key that does not open, ``ErrorCode/commandNotStarted``).
    public func run(in environment: Environment, started: () -> Void = {}) throws -> Int32 {
        let store = try environment.openStore()
        let record = try store.connection(connection)
        let variables = try AzureIdentityVariables(record, authorityHost: authorityHost)
        let unlocked = try environment.unlock(store)
        let file = try credentialFile(record, unlocked: unlocked, temporaryFolder: environment.variables.text("TMPDIR") ?? "/tmp")
        defer { file.remove() }
        var entries = environment.variables.entries(excluding: EnvironmentVariables.secretNames.union(Self.replaced).union(variables.names))
        entries += variables.pairs.map { "\($0.name)=\($0.value)" }
        entries.append("AZURE_CLIENT_CERTIFICATE_PATH=\(file.path)")
        if let password = file.password {
            entries.append("AZURE_CLIENT_CERTIFICATE_PASSWORD=" + password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
        }
        try? store.audit("connection.exec", subject: record.name,
                         detail: "command \(command[0].split(separator: "/").last.map(String.init) ?? command[0])")
        return try ChildProcess.run(command, environment: entries, credential: file.descriptor, started: started).exitStatus
    }

    /// The certificate and key, in one PEM (what azure-identity's `CertificateCredential`
    /// reads: "a certificate file in PEM or PKCS12 format, including the private key"):
    /// the key unencrypted in the memory file, encrypted under a random password on disk.
    private func credentialFile(_ record: ConnectionRecord, unlocked: UnlockedStore, temporaryFolder: String) throws -> CredentialFile {
        let credential = try ConnectionCredential(record, unlocked: unlocked)
        #if os(Linux)
        return try CredentialFile(memory: SecretBytes(joining: [try credential.key.pkcs8PEM(password: nil), SecretBytes(credential.certificate.pem)]))
        #else
        let password = SecretBytes(Array(Base64.encodeURL(try RandomBytes.make(24)).utf8))
        return try CredentialFile(file: SecretBytes(joining: [try credential.key.pkcs8PEM(password: password), SecretBytes(credential.certificate.pem)]),
                                  password: password, temporaryFolder: temporaryFolder)
        #endif
    }
}
