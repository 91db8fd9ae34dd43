/// What the server answered for one message, whichever library ran the session: the
/// reply to `MAIL FROM`, to each `RCPT TO` in order, and the final one (to `DATA`, or
/// after the message's data). A nil reply: the server never answered that command.
///
/// ``SMTPOutcome`` makes the one verdict (a receipt, or which recipients were refused)
/// from this, for libESMTP's statuses and for the dialogue libcurl showed alike.
struct SMTPMessageStatus {
    /// A reply: its code and its text as shown (`550 5.1.1 text`, made printable).
    typealias Reply = (code: Int, reply: String)

    var sender: Reply?
    var recipients: [(address: String, reply: Reply?)]
    var final: Reply?
}
