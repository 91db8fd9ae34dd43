import Common

extension ErrorCode {
    // Input refused before anything is built.
    /// A header or envelope value holds a control character (a line break that would inject a header).
    public static let controlCharacter = ErrorCode(.mail, "controlCharacter")
    /// Not an email address spconnect writes.
    public static let invalidAddress = ErrorCode(.mail, "invalidAddress")
    /// A quoted local part (`"a b"@contoso.com`), which is not accepted.
    public static let quotedLocalPart = ErrorCode(.mail, "quotedLocalPart")
    /// The domain after the `@` cannot be used.
    public static let invalidDomain = ErrorCode(.mail, "invalidDomain")
    /// A display name that cannot be written.
    public static let invalidDisplayName = ErrorCode(.mail, "invalidDisplayName")
    /// A header name or value that cannot be written (or a line the encoder made wrong).
    public static let invalidHeader = ErrorCode(.mail, "invalidHeader")
    /// Not a message identifier of the form `<left@right>`.
    public static let invalidMessageID = ErrorCode(.mail, "invalidMessageID")
    /// An attachment's file name, media type or charset that cannot be written.
    public static let invalidAttachment = ErrorCode(.mail, "invalidAttachment")
    /// Not a request reference.
    public static let invalidReference = ErrorCode(.mail, "invalidReference")
    /// A value longer than its limit.
    public static let tooLong = ErrorCode(.mail, "tooLong")
    /// A message without a recipient.
    public static let noRecipients = ErrorCode(.mail, "noRecipients")

    // Outbox.
    /// The outbox folder or a draft in it could not be written.
    public static let outboxFailed = ErrorCode(.mail, "outboxFailed")

    // SMTP set-up and session.
    /// SMTP settings that cannot be used (host, port, user name, password).
    public static let invalidSettings = ErrorCode(.mail, "invalidSettings")
    /// The CA file of the SMTP settings cannot be read or holds no certificate.
    public static let mailCAFileUnreadable = ErrorCode(.mail, "caFileUnreadable")
    /// No connection to the server.
    public static let connectFailed = ErrorCode(.mail, "connectFailed")
    /// The server does not offer STARTTLS, or the session went on without TLS.
    public static let starttlsUnavailable = ErrorCode(.mail, "starttlsUnavailable")
    /// The port speaks implicit TLS (SMTPS), not SMTP with STARTTLS.
    public static let implicitTLS = ErrorCode(.mail, "implicitTLS")
    /// The server answered STARTTLS with a refusal.
    public static let starttlsRefused = ErrorCode(.mail, "starttlsRefused")
    /// The TLS handshake failed.
    public static let tlsHandshakeFailed = ErrorCode(.mail, "tlsHandshakeFailed")
    /// The server's certificate was not trusted, or names another host.
    public static let certificateRejected = ErrorCode(.mail, "certificateRejected")
    /// The server sent data it was not asked for around STARTTLS.
    public static let responseInjection = ErrorCode(.mail, "responseInjection")
    /// The server refused the login.
    public static let authenticationFailed = ErrorCode(.mail, "authenticationFailed")
    /// The server offers no login spconnect may use over TLS.
    public static let authenticationUnavailable = ErrorCode(.mail, "authenticationUnavailable")
    /// The server accepts mail only after a login.
    public static let authenticationRequired = ErrorCode(.mail, "authenticationRequired")
    /// The server refused the sender.
    public static let senderRejected = ErrorCode(.mail, "senderRejected")
    /// The server refused one or more recipients; nothing was sent.
    public static let recipientRejected = ErrorCode(.mail, "recipientRejected")
    /// The server did not accept the message.
    public static let messageRejected = ErrorCode(.mail, "messageRejected")
    /// The server refused or ended the session with a 4xx reply.
    public static let serverUnavailable = ErrorCode(.mail, "serverUnavailable")
    /// The connection dropped before the server accepted the message.
    public static let connectionDropped = ErrorCode(.mail, "connectionDropped")
    /// The server did not answer within the timeout.
    public static let timedOut = ErrorCode(.mail, "timedOut")
    /// The server refused or ended the session with a 5xx reply.
    public static let protocolError = ErrorCode(.mail, "protocolError")
    /// OpenSSL or libESMTP's TLS set-up failed (with OpenSSL's messages as the cause).
    public static let mailOpenSSL = ErrorCode(.mail, "openSSL")
}
