import Domain
import Vault

/// The `show` command: one connection, by name, or one request, by ID.
public struct ShowRecord: Sendable {
    /// What was found.
    public enum Found: Sendable {
        /// A connection of that name (or made from that request).
        case connection(ConnectionRecord)
        /// A request with that ID that is not (yet) a connection.
        case request(RequestRecord)
    }

    /// A connection's name or a request's ID.
    public var target: String

    /// A look-up of `target`.
    public init(target: String) {
        self.target = target
    }

    /// The connection named `target`, else the request with that ID.
    public func run(in environment: Environment) throws -> Found {
        let store = try environment.openStore()
        if let connection = try? environment.connection(target, in: store) { return .connection(connection) }
        guard RequestID.normalize(target, requiringPrefix: true) != nil else {
            throw VaultError(.notFound, "no connection or request \(target)", location: target, facts: VaultStep.noRecord.facts())
        }
        return .request(try store.request(target))
    }
}
