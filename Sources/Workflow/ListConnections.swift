import Vault

/// The `connections` command: every connection, or those that expire soon, by expiry.
public struct ListConnections: Sendable {
    /// Only connections whose certificate expires within this many days.
    public var expiringWithin: Int?

    /// A listing, of all connections or of those expiring within `expiringWithin` days.
    public init(expiringWithin: Int? = nil) {
        self.expiringWithin = expiringWithin
    }

    /// The connections, each without its key.
    public func run(in environment: Environment) throws -> [ConnectionListing] {
        try environment.openStore().connectionListings(expiringWithin: expiringWithin, now: environment.now())
    }
}
