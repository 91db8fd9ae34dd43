import Vault

/// `send REQUEST --mark-sent`: the requester sent the request's draft from their own mail
/// program, and says so. The request becomes `sent` (the audit log says `by hand`); nothing
/// is sent. `--admin` and `--cc` record the recipients it went to, as for a delivery.
public struct MarkRequestSent: Sendable {
    /// What was recorded.
    public struct Outcome: Sendable {
        /// The request as stored now.
        public let request: RequestRecord
        /// False when the request was `sent` already (nothing was changed).
        public let changed: Bool
    }

    /// The request's ID.
    public var request: String
    /// The admins it was sent to, replacing the request's (empty: unchanged).
    public var admins: [String] = []
    /// The copies it was sent to, replacing the request's (empty: unchanged, unless ``dropCopies``).
    public var cc: [String] = []
    /// It was sent with no copy.
    public var dropCopies = false

    /// A record that `request` was sent by hand.
    public init(request: String) {
        self.request = request
    }

    /// Checks the addresses before anything is opened or changed, then records it.
    public func run(in environment: Environment) throws -> Outcome {
        let change = try RecipientChange(admins: admins, cc: cc, dropCopies: dropCopies)
        let store = try environment.openStore()
        let record = try store.verifiedRequest(request)
        // A closed request is refused by the mark itself, before its recipients would be.
        if record.status.isPending { _ = try change.apply(to: record, in: store) }
        let (stored, changed) = try store.markSentByHand(record.id)
        return Outcome(request: stored, changed: changed)
    }
}
