import Common
import Mail

extension Hint {
    /// What to do after an error of the `mail` domain.
    static func mail(_ error: SpconnectError) -> String? {
        let facts = error.facts
        let check = facts[.mailCheck]
        let later = "try again later with `spconnect send`"
        let login = "(password_file, password_command or SPCONNECT_SMTP_PASSWORD)"
        let oauthStep = "set auth = \"xoauth2\" and a token_command (e.g. token_command = \"oama access ADDRESS\") in [smtp] of config.toml"
        let draftSteps = "send the draft from your own mail program: `spconnect send REQUEST --open` opens it (for a new request: `spconnect request ... --transport outbox`)"
        let draft = "or " + draftSteps
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
        case .invalidSettings where check == "missingToken" || check == "tokenCharacter":
            return "check that [smtp] token_command prints only the access token"
        case .invalidSettings where check == "missingUsername":
            return "set [smtp] username to the mailbox that signs in"
        case .mailCAFileUnreadable:
            return "check [smtp] ca_file in config.toml: it must be a PEM file of CA certificates"

        case .implicitTLS:
            return "the port speaks implicit TLS: set security = \"tls\" in [smtp] of config.toml, or use the submission port 587 in [smtp] port or --smtp-port"
        case .tlsHandshakeFailed where check == "plainPort":
            return "the port speaks SMTP with STARTTLS: set security = \"starttls\" in [smtp], or use port 465 for implicit TLS"
        case .senderRejected:
            return facts.isTemporary ? later : "check the From address: the account may not send as it"
        case .recipientRejected:
            return facts.isTemporary ? later : "check the address, then send again"
        case .messageRejected:
            return facts.isTemporary ? later : "the server refuses this message; see its reply"
        case .authenticationRequired where facts[.enhancedCode] == "5.7.57":
            // Exchange Online: "530 5.7.57 Client not authenticated to send mail".
            return facts[.username] == nil
                ? "Exchange Online takes mail only from a signed-in mailbox: set [smtp] username, auth = \"xoauth2\" and a token_command, \(draft)"
                : "Exchange Online did not count the login as signed in: \(oauthStep), \(draft)"
        case .authenticationRequired:
            guard let username = facts[.username] else {
                return "the server wants a login: set [smtp] username and a password \(login)"
            }
            return "the server did not take the login \(username) as signed in; check [smtp] username and the password"
        case .responseInjection:
            return "something between you and the server may be tampering with the connection; try another network"
        case .authenticationFailed where facts[.enhancedCode] == "5.7.30" || facts[.enhancedCode] == "5.7.139":
            // Exchange Online, basic authentication (a password) refused for SMTP AUTH:
            // 550 5.7.30 (turned off for client submission) and 535 5.7.139 (SMTP AUTH off for
            // the mailbox or the tenant); see Microsoft's "Authenticated client SMTP submission"
            // and "Exchange Online to retire Basic auth for Client Submission (SMTP AUTH)".
            let cause = facts[.enhancedCode] == "5.7.30"
                ? "Exchange Online no longer takes a password for SMTP (basic authentication is off for client submission)"
                : "SMTP AUTH with a password is turned off for this mailbox or the whole tenant"
            if facts[.credential] == "token" {
                return "\(cause); only an admin can turn SMTP AUTH on for the mailbox; meanwhile \(draftSteps)"
            }
            return "\(cause): \(oauthStep), \(draft)"
        case .authenticationFailed where facts[.enhancedCode] == "5.7.8" && facts[.credential] == "password":
            // Gmail: "535 5.7.8 Username and Password not accepted": the account's password is
            // never accepted; an app password (with 2-Step Verification) or OAuth is.
            return "the server refused the user name and password; for Gmail create an app password (it needs 2-Step Verification) and use it as the password, or \(oauthStep), \(draft)"
        case .authenticationFailed where facts[.credential] == "token":
            return facts.isTemporary ? "try again later"
                : "the server refused the token: check that [smtp] token_command prints a fresh access token for [smtp] username (scope SMTP.Send for Exchange Online, https://mail.google.com/ for Gmail), \(draft)"
        case .authenticationFailed:
            return facts.isTemporary ? "try again later" : "check [smtp] username and the password \(login)"
        case .authenticationUnavailable where facts[.credential] == "token":
            return "the server offers no OAuth login (XOAUTH2 or OAUTHBEARER) here: check [smtp] host and auth, \(draft)"
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
