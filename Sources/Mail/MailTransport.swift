/// Something that delivers an encoded message: the outbox folder or an SMTP server.
///
/// A call delivers the message at most once. On failure the error says whether the
/// same call may succeed later (``MailError/isTemporary``).
public protocol MailTransport: Sendable {
    /// Delivers one message and says where it went.
    func deliver(_ message: EncodedMessage) throws(MailError) -> DeliveryReceipt
}
