import Vault

/// The `requests` command: every request and where it stands.
public struct ListRequests: Sendable {
    /// A listing of every request.
    public init() {}

    /// The requests, as the store keeps them.
    public func run(in environment: Environment) throws -> [RequestRecord] {
        try environment.openStore().requests()
    }
}
