import Entra
import Vault

/// The `verify` command: a token from Entra ID with the connection's key, then a call to
/// each SharePoint site, each check reported as it ends.
public struct VerifyConnection: Sendable {
    /// The connection's name.
    public var connection: String
    /// The sites, the assertion's scheme, the login host, the CA file and the timeout.
    public var options: ConnectionVerifier.Options

    /// A verification of `connection` with `options`.
    public init(connection: String, options: ConnectionVerifier.Options) {
        self.connection = connection
        self.options = options
    }

    /// Looks the connection up and checks its sites before the store is unlocked; then
    /// hands `start` the record, each finished check to `progress`, and records the
    /// outcome in the audit log.
    public func run(in environment: Environment, start: (ConnectionRecord) -> Void = { _ in },
                    progress: (VerificationStep) -> Void = { _ in }) throws -> VerificationReport {
        let store = try environment.openStore()
        let record = try environment.connection(connection, in: store)
        let verifier = ConnectionVerifier(record, options: options)
        _ = try verifier.sites()
        let unlocked = try environment.unlock(store)
        start(record)
        let report = try verifier.run(unlocked: unlocked, progress: progress)
        try? store.audit("connection.verified", subject: record.name, detail: report.passed ? "passed" : "failed")
        return report
    }

    /// Checks a `--site` value on its own, before anything is opened.
    public static func checkSite(_ text: String) throws(EntraError) {
        _ = try SiteURL(text)
    }

    /// Checks a login host (`--authority-host`) on its own, before the store is unlocked
    /// and the passphrase asked for.
    public static func checkAuthorityHost(_ host: String?) throws(EntraError) {
        _ = try VerifyEndpoints(cloud: "global", authorityHost: host)
    }
}
