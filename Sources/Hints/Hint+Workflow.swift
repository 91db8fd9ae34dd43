import Common
import Workflow

extension Hint {
    /// What to do after an error of the `workflow` domain.
    static func workflow(_ error: SpconnectError) -> String? {
        let values = error.facts.values
        switch error.code {
        case .configInvalid:
            switch values[.problem] {
            case "syntax": return "fix the TOML syntax"
            case "unknownTable": return "spconnect reads [smtp] and [defaults]"
            case "bothPasswords": return "keep one of them"
            case "unknownKey": return "known keys: \(values[.known] ?? "")"
            default: return nil
            }
        case .smtpPasswordUnavailable:
            if let command = values[.command] { return "run it yourself to see why: \(command)" }
            if let config = values[.path] {
                return "set SPCONNECT_SMTP_PASSWORD, or password_file or password_command in [smtp] of \(config)"
            }
            return underlying(error)
        case .invalidOption:
            return invalidOption(error)
        case .draftNotOpened:
            return draftNotOpened(error)
        case .invalidRequest:
            if values[.problem] == "noSite" { return "sites-selected needs at least one --site" }
            return underlying(error)
        default:
            return underlying(error)
        }
    }

    /// What to do when the outbox draft was written but the mail program did not open it.
    private static func draftNotOpened(_ error: SpconnectError) -> String {
        let values = error.facts.values
        let draft = values[.path] ?? "the outbox"
        let program = values[.command] ?? "the opener"
        let fix = switch values[.problem] {
        case "missing": program == "xdg-open" ? "install xdg-utils, or open it yourself" : "open it yourself"
        default: "run \([program, draft].map(PasteableCommand.shellWord).joined(separator: " ")) to see why, or open it yourself"
        }
        return "nothing was lost: the request is kept and its draft is \(draft); \(fix) in your mail program "
            + "(README: Sending the draft yourself)"
    }

    /// What to do after a refused request or delivery option.
    private static func invalidOption(_ error: SpconnectError) -> String? {
        let values = error.facts.values
        if values[.problem] == "controlCharacter" || values[.problem] == "value" { return nil }
        switch values[.option] {
        case "admin":
            return "name the tenant admin with --admin ADDRESS"
        case "from":
            return "give --from \"Your Name <you@example.com>\", or set from in the [smtp] or [defaults] table of config.toml"
        case "site":
            return "add --site https://TENANT.\(values[.host] ?? "sharepoint.com")/sites/NAME for each site, or choose a tenant-wide --permission"
        case "clientID":
            return "give the Application (client) ID from the app's Overview page, e.g. --client-id 00000000-0000-0000-0000-000000000000"
        case "tenant":
            return "give the tenant's GUID or its domain, e.g. --tenant contoso.onmicrosoft.com"
        case "appName":
            if values[.problem] == "length" { return "the certificate's name is the app name and the request ID, at most 64 characters" }
            return underlying(error)
        case "transport":
            return "set [smtp] host in \(values[.path] ?? "config.toml"), or pass --smtp-host, or use --transport outbox"
        case "open":
            return "nothing was changed; leave out --transport smtp (--open writes the draft and opens it), or leave out --open to send it"
        default:
            return underlying(error)
        }
    }

}
