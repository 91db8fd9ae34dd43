import Common
import Vault

/// What `request` and `send` did: the delivery's outcome, the transport it took, and the
/// home folder (whose config.toml the outbox report names).
public struct DeliveredRequest: Sendable {
    /// The request as stored after the delivery, with its receipt or its failure.
    public let outcome: RequestDelivery.Outcome
    /// The transport the email took.
    public let transport: TransportChoice
    /// The home folder.
    public let location: StoreLocation
    /// The opener that opened the outbox draft (`--open`), when it did.
    public internal(set) var openedWith: String?
    /// Why the outbox draft was not opened (`--open`): the draft is written all the same.
    public internal(set) var openFailure: WorkflowError?
}
