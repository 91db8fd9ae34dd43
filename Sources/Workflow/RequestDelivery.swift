import Common
import Mail
import Vault
import Templates

/// The second half of `request`, and all of `send`: delivers a request's email through a
/// transport and records the outcome on the request (status, Message-ID, server reply).
public enum RequestDelivery {
    /// What happened to one delivery.
    public struct Outcome: Sendable {
        public let request: RequestRecord
        /// The receipt when the message was delivered (or written to the outbox).
        public let receipt: DeliveryReceipt?
        /// The failure, when it was not.
        public let failure: MailError?
    }

    /// Renders, delivers and records. A failure is recorded (`failed`, with the server's
    /// words) and returned, not thrown: the request and its key stay, ready for `send`.
    public static func deliver(_ request: RequestRecord, store: Store, transport: any MailTransport, templates: TemplateLibrary) throws -> Outcome {
        guard request.status.isPending else {
            throw VaultError(.invalidState, "request \(request.id) is \(request.status.rawValue); there is nothing to send",
                             location: request.id, facts: (request.status == .fulfilled ? VaultStep.sentFulfilled : .sentClosed).facts())
        }
        let message = try RequestMessage.compose(request, templates: templates)
        let result: Result<DeliveryReceipt, MailError>
        do {
            result = .success(try transport.deliver(message))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let receipt):
            let status: RequestRecord.Status
            switch receipt.destination {
            case .outbox: status = request.status == .sent ? .sent : .drafted
            case .smtp: status = .sent
            }
            try store.recordDelivery(request.id, status: status, messageID: receipt.messageID.value, error: nil)
            return Outcome(request: try store.request(request.id), receipt: receipt, failure: nil)
        case .failure(let error):
            try store.recordDelivery(request.id, status: .failed, messageID: nil, error: error.reason)
            return Outcome(request: try store.request(request.id), receipt: nil, failure: error)
        }
    }
}
