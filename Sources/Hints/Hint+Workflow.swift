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
            case "noTokenCommand": return "set token_command to a command that prints the access token, e.g. token_command = \"oama access ADDRESS\""
            case "tokenWithPassword": return "use auth = \"xoauth2\" or \"oauthbearer\" with token_command, or remove token_command"
            case "noUsername": return "set username to the mailbox that signs in"
            case "unknownValue": return "known values: \(values[.known] ?? "")"
            case "unknownKey": return "known keys: \(values[.known] ?? "")"
            default: return nil
            }
        case .smtpTokenUnavailable:
            switch values[.problem] {
            case "timeout": return "run it yourself to see whether it waits for something (a sign-in in the browser, a passphrase): \(values[.command] ?? "")"
            case "empty": return "it must print the access token on standard output; run it yourself: \(values[.command] ?? "")"
            case "start": return "check that the program exists and is on PATH: \(values[.command] ?? "")"
            default: return "run it yourself to see why: \(values[.command] ?? "")"
            }
        case .smtpPasswordUnavailable:
            if let command = values[.command] { return "run it yourself to see why: \(command)" }
            if let config = values[.path] {
                return "set SPCONNECT_SMTP_PASSWORD, or password_file or password_command in [smtp] of \(config)"
            }
            return underlying(error)
        case .invalidOption:
            return invalidOption(error)
        case .invalidRequest:
            if values[.problem] == "noSite" { return "sites-selected needs at least one --site" }
            return underlying(error)
        default:
            return underlying(error)
        }
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
        default:
            return underlying(error)
        }
    }

}
