#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common

/// Writes each message as `<folder>/<reference>.eml`, atomically, marked `X-Unsent: 1`
/// so Outlook opens it as a draft ready to send.
///
/// The folder is created (mode 0700) when missing; the file is written with mode 0600
/// and replaces an earlier draft of the same request.
public struct OutboxTransport: MailTransport {
    /// The outbox folder, such as `$SPCONNECT_HOME/outbox`.
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// The path the message for `reference` is written to.
    public func path(for reference: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + reference + ".eml"
    }

    public func deliver(_ message: EncodedMessage) throws(MailError) -> DeliveryReceipt {
        try MailMessage.checkReference(message.reference)
        try createFolder()
        let draft = message.draft
        let path = path(for: message.reference)
        do throws(CommonError) {
            try AtomicFileSet.writeFile(draft.bytes, to: path, mode: 0o600)
        } catch {
            throw MailError(.outboxFailed, error.reason, location: path, cause: .error(error), facts: ErrorFacts(values: [.mailCheck: "draft", .path: path]))
        }
        return DeliveryReceipt(messageID: message.messageID, destination: .outbox(path: path), acceptedRecipients: message.recipients)
    }

    private func createFolder() throws(MailError) {
        do {
            try Folders.make(folder, mode: 0o700)
        } catch {
            throw MailError(.outboxFailed, error.detail, location: error.location.isEmpty ? folder : error.location, cause: .error(error),
                            facts: ErrorFacts(values: [.path: folder]))
        }
    }
}
