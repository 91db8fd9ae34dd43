import Certificates
import Vault

/// The `status` command: how long each connection's certificate (and each pending
/// request's) has left, against a warning window, at the ``Environment/now`` of the run.
public struct CheckExpiry: Sendable {
    /// The warning window: a certificate that ends within this many days is expiring.
    public var window: Int

    /// A check against a window of `window` days.
    public init(window: Int = ExpiryState.defaultWindow) {
        self.window = window
    }

    /// The report; nothing is unlocked or changed.
    public func run(in environment: Environment) throws -> ExpiryReport {
        let store = try environment.openStore()
        return ExpiryReport(connections: try store.connectionListings(), requests: try store.requests(),
                            window: window, now: environment.now())
    }
}
