import Common
import Vault

/// The `connection delete` command: a connection and its sealed key removed, the store file
/// rebuilt so its free pages no longer hold the key.
public struct DeleteConnection: Sendable {
    /// What was done.
    public struct Outcome: Sendable {
        /// The deleted connection.
        public let deleted: ConnectionRecord
        /// Why store.sqlite could not be rebuilt after the delete, when it could not.
        public let compactionProblem: String?
    }

    /// The connection's name (or its request ID).
    public var connection: String

    /// A deletion of `connection`.
    public init(connection: String) {
        self.connection = connection
    }

    /// Finds the connection, hands it to `confirm` (which throws to stop: nothing is deleted),
    /// then deletes it and rebuilds the store file.
    public func run(in environment: Environment, confirm: (ConnectionRecord) throws -> Void) throws -> Outcome {
        let store = try environment.openStore()
        // Looked up without the expiry warning: a connection on its way out needs no renewal.
        let record = try store.connection(connection)
        try confirm(record)
        let deleted = try store.deleteConnection(record.id)
        do {
            try store.compact()
        } catch {
            return Outcome(deleted: deleted, compactionProblem: error.reason)
        }
        return Outcome(deleted: deleted, compactionProblem: nil)
    }
}
