import Replies
import Vault

/// The `connection rename` command: a connection gets a new name; key, certificate and IDs stay.
public struct RenameConnection: Sendable {
    /// The connection's name (or its request ID).
    public var connection: String
    /// The new name.
    public var newName: String

    /// A rename of `connection` to `newName`.
    public init(connection: String, newName: String) {
        self.connection = connection
        self.newName = newName
    }

    /// Checks `name` against the rules of connection names (those of `import --name`).
    public static func checkName(_ name: String) throws(RepliesError) {
        _ = try ReplyCheck.connectionName(name)
    }

    /// Renames; returns the old name and the renamed record.
    public func run(in environment: Environment) throws -> (oldName: String, renamed: ConnectionRecord) {
        let store = try environment.openStore()
        let current = try store.connection(connection)
        let renamed = try store.renameConnection(current.id, to: newName)
        // The warning names the connection as it is called from now on.
        environment.warnIfEnding(renamed)
        return (current.name, renamed)
    }
}
