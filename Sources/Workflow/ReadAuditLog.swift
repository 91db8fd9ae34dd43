import Domain
import Vault

/// The `log` command: the store's append-only audit log, oldest first.
public struct ReadAuditLog: Sendable {
    /// Only the lines about this connection name or request ID (in any spelling).
    public var subject: String?

    /// A reading of the log, all of it or about `subject`.
    public init(subject: String? = nil) {
        self.subject = subject
    }

    /// The lines, oldest first.
    public func run(in environment: Environment) throws -> [AuditEntry] {
        let entries = try environment.openStore().auditLog()
        guard let subject else { return entries }
        // A connection's name as given, or a request ID in any spelling (a name may look like one).
        let id = RequestID.normalize(subject)
        return entries.filter { $0.subject == subject || $0.subject == id }
    }
}
