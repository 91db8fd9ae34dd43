#if canImport(Glibc)
import Glibc
#endif
import Mail
import Vault

/// The `cancel` command: a pending request is withdrawn, its sealed key deleted and its
/// outbox draft removed, so it cannot be sent by mistake.
public struct CancelRequest: Sendable {
    /// What was done.
    public struct Outcome: Sendable {
        /// The cancelled request.
        public let request: RequestRecord
        /// The draft's path in the outbox.
        public let draft: String
        /// Whether the draft was there and is now deleted.
        public let draftRemoved: Bool
        /// Why the draft is still there, when it could not be deleted.
        public let draftProblem: String?
    }

    /// The request's ID.
    public var request: String

    /// A cancellation of `request`.
    public init(request: String) {
        self.request = request
    }

    /// Cancels the request, then deletes its draft.
    public func run(in environment: Environment) throws -> Outcome {
        let store = try environment.openStore()
        let record = try store.cancelRequest(request)
        let draft = OutboxTransport(folder: store.location.outboxPath).path(for: record.id)
        let removed = Glibc.unlink(draft) == 0
        let problem = !removed && errno != ENOENT ? String(cString: strerror(errno)) : nil
        return Outcome(request: record, draft: draft, draftRemoved: removed, draftProblem: problem)
    }
}
