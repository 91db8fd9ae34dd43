import Common
import Mail

extension Hint {
    /// What to do after an error of the `mail` domain.
    static func mail(_ error: SpconnectError) -> String? {
        let facts = error.facts
        let check = facts[.mailCheck]
        let later = "try again later with `spconnect send`"
        let login = "(password_file, password_command or SPCONNECT_SMTP_PASSWORD)"
        switch error.code {
        case .controlCharacter:
            return "remove the control character from \(OptionSpelling.location(of: error))"
        case .invalidAddress where check == "form":
            return "give an address such as admin@contoso.com"
        case .invalidAddress where check == "nonASCII":
            return "use an ASCII address for this mailbox"
        case .invalidAddress where check == "character":
            return "an address is local@domain with letters, digits and !#$%&'*+-/=?^_`{|}~ before the @"
        case .quotedLocalPart:
            return "use the mailbox's plain form, without quotes before the @"
        case .invalidDomain where check == "literal":
            return "use the mail domain's name"
        case .invalidDomain where check == "character":
            return "check the domain, or give its ASCII (xn--) form"
        case .invalidDomain where check == "composed":
            return "retype the domain, or give its ASCII (xn--) form"
        case .invalidDomain where check == "label":
            return "check the domain after the @"
        case .invalidDisplayName:
            return "shorten the name"
        case .tooLong where check == "displayName":
            return "shorten the name"
        case .invalidMessageID where check == "form":
            return "let spconnect generate the Message-ID"
        case .invalidAttachment where check == "fileName":
            return "give a plain file name without folders"
        case .noRecipients:
            return "give an address with --admin"

        case .outboxFailed where check == "draft":
            return underlying(error) ?? "check the outbox folder's permissions and free space"
        case .invalidSettings where facts[.setting] == "smtp.host":
            return "set [smtp] host in config.toml, e.g. smtp.office365.com"
        case .invalidSettings where facts[.setting] == "smtp.port":
            return "use 587, the submission port"
        case .invalidSettings where check == "missing":
            return "set password_file or password_command in config.toml, or SPCONNECT_SMTP_PASSWORD"
        case .invalidSettings where check == "controlCharacter":
            return "check the password file"
        case .mailCAFileUnreadable:
            return "check [smtp] ca_file in config.toml: it must be a PEM file of CA certificates"

        case .implicitTLS:
            return "spconnect sends with STARTTLS: use the server's submission port (usually 587) in [smtp] port or --smtp-port"
        case .senderRejected:
            return facts.isTemporary ? later : "check the From address: the account may not send as it"
        case .recipientRejected:
            return facts.isTemporary ? later : "check the address, then send again"
        case .messageRejected:
            return facts.isTemporary ? later : "the server refuses this message; see its reply"
        case .authenticationRequired:
            guard let username = facts[.username] else {
                return "the server wants a login: set [smtp] username and a password \(login)"
            }
            return "the server did not take the login \(username) as signed in; check [smtp] username and the password"
        case .responseInjection:
            return "something between you and the server may be tampering with the connection; try another network"
        case .authenticationFailed:
            return facts.isTemporary ? "try again later" : "check [smtp] username and the password \(login)"
        case .authenticationUnavailable where !error.location.isEmpty:
            return "check the host and port: submission with login is usually port 587"
        case .connectFailed:
            return "check [smtp] host and port, and that the server is reachable"
        case .certificateRejected:
            return "if the server uses a private CA, set [smtp] ca_file; check that [smtp] host is the name on the certificate"
        case .starttlsUnavailable where check == "starttlsMissing":
            return "spconnect only sends over TLS: use the server's submission port (587)"
        case .starttlsRefused:
            return facts.isTemporary ? "try again later" : "spconnect only sends over TLS; ask the server's admin"
        case .tlsHandshakeFailed:
            return "the server may not support TLS 1.2 or later"
        case .serverUnavailable, .timedOut, .connectionDropped:
            return later
        case .protocolError:
            return check == "session" ? "check [smtp] host and port" : "see the server's reply"
        default:
            return underlying(error)
        }
    }
}
