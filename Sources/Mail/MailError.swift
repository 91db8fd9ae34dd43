import Common

/// The error type of the `Mail` module: refused input, outbox failures and SMTP failures.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
/// Delivery failures also say whether trying again later may succeed (``isTemporary``:
/// a 4xx reply, a timeout or a dropped connection) or not (a 5xx reply, a certificate
/// that is not trusted, a refused login), and carry the server's own words.
/// No text in an error ever holds a password or a message body.
public struct MailError: LocatedError {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        // Input refused before anything is built.
        case controlCharacter
        case invalidAddress
        case quotedLocalPart
        case invalidDomain
        case invalidDisplayName
        case invalidHeader
        case invalidMessageID
        case invalidAttachment
        case invalidReference
        case tooLong
        case noRecipients
        // Outbox.
        case outboxFailed
        // SMTP set-up and session.
        case invalidSettings
        case caFileUnreadable
        case connectFailed
        case starttlsUnavailable
        case implicitTLS
        case starttlsRefused
        case tlsHandshakeFailed
        case certificateRejected
        case responseInjection
        case authenticationFailed
        case authenticationUnavailable
        case authenticationRequired
        case senderRejected
        case recipientRejected
        case messageRejected
        case serverUnavailable
        case connectionDropped
        case timedOut
        case protocolError
        case openSSL
    }

    public let code: Code
    /// What went wrong, without the location.
    public let detail: String
    public let hint: String?
    /// The option, field, file or server concerned.
    public let location: String
    /// Whether the same delivery may succeed later without any change (4xx, timeout, drop).
    public let isTemporary: Bool
    /// The server's reply that decided the failure, as the server wrote it.
    public let serverReply: String?
    /// The recipients the server refused, by address.
    public let rejectedRecipients: [RejectedRecipient]
    /// The SMTP dialogue (AUTH lines redacted) when the settings asked for it.
    public let transcript: [String]
    /// OpenSSL's own messages, oldest first.
    public let openSSLErrors: [String]

    public var reason: String {
        var text = location.isEmpty ? detail : "\(location): \(detail)"
        if let serverReply, !detail.contains(serverReply) { text += " (server said: \(serverReply))" }
        if !openSSLErrors.isEmpty { text += " (\(openSSLErrors.joined(separator: "; ")))" }
        return text
    }

    public init(_ code: Code, _ detail: String, hint: String? = nil, location: String = "",
                isTemporary: Bool = false, serverReply: String? = nil,
                rejectedRecipients: [RejectedRecipient] = [], transcript: [String] = [],
                openSSLErrors: [String] = []) {
        self.code = code
        self.detail = detail
        self.hint = hint
        self.location = location
        self.isTemporary = isTemporary
        self.serverReply = serverReply
        self.rejectedRecipients = rejectedRecipients
        self.transcript = transcript
        self.openSSLErrors = openSSLErrors
    }

    /// The same error with the SMTP dialogue attached.
    func with(transcript: [String]) -> MailError {
        MailError(code, detail, hint: hint, location: location, isTemporary: isTemporary, serverReply: serverReply,
                  rejectedRecipients: rejectedRecipients, transcript: transcript, openSSLErrors: openSSLErrors)
    }
}
