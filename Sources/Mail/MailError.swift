import Common

/// The error of the `Mail` module (refused input, outbox failures and SMTP failures): the
/// one ``SpconnectError``, with the codes of ``ErrorDomain/mail`` (`ErrorCode+Mail.swift`).
///
/// Delivery failures say in their ``SpconnectError/facts`` whether trying again later may
/// succeed (`isTemporary`: a 4xx reply, a timeout or a dropped connection) or not (a 5xx
/// reply, a certificate that is not trusted, a refused login), and carry the server's own
/// words (`serverReply`), the refused recipients and, when asked for, the SMTP dialogue.
/// No text in an error ever holds a password or a message body.
public typealias MailError = SpconnectError
