import Common
import Entra
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
        case .renewalImpossible, .renewalIncomplete, .previousNotRetired, .nothingToRetire, .retireFailed:
            return renewal(error)
        case .renewalReplyMismatch:
            if values[.problem] == "connectionGone" {
                return "the connection it renews was deleted: cancel the request (spconnect cancel \(values[.record] ?? "REQUEST")) and make a new one"
            }
            return "check with the admin that the certificate was added to the app \(values[.clientID] ?? "") of connection \(values[.record] ?? "CONNECTION") (spconnect show \(values[.record] ?? "CONNECTION")), and ask for the reply the script printed for it"
        case .commandNotStarted:
            switch values[.problem] {
            case "notFound": return "give the program's path, or a name found on PATH"
            case "notExecutable": return "check the file's execute permission (chmod +x), or run it through its interpreter (python3 FILE)"
            default: return nil
            }
        case .childProcessFailed:
            return values[.problem] == "credential" ? "spconnect exec needs memfd_create (Linux 3.17 or later) or a writable TMPDIR" : nil
        case .keyVaultTokenUnavailable:
            switch values[.problem] {
            case "none":
                return "add --token-command 'az account get-access-token --resource https://vault.azure.net --query accessToken -o tsv' (after az login), or set SPCONNECT_KEYVAULT_TOKEN"
            case "timeout":
                return "run it yourself to see where it waits: \(values[.command] ?? "")"
            case "empty", "notToken", "tooLong":
                return "the command must print the access token alone, e.g. az account get-access-token --resource https://vault.azure.net --query accessToken -o tsv"
            default:
                if let command = values[.command] { return "run it yourself to see why: \(command)" }
                return nil
            }
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
        default: "run \([program, draft].map(ScriptQuoting.shellWord).joined(separator: " ")) to see why, or open it yourself"
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
        case "api":
            if values[.problem] == "apiUnknown" {
                return "add --api sharepoint, --api graph or --api both: the API the app's permission is for (spconnect show \(values[.record] ?? "CONNECTION") lists its permission)"
            }
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

extension Hint {
    /// What to do after a `renew` that could not go on.
    static func renewal(_ error: SpconnectError) -> String? {
        let values = error.facts.values
        let name = values[.record] ?? "CONNECTION"
        let viaAdmin = "ask the tenant admin to add a new certificate to this app (by its client ID \(values[.clientID] ?? "CLIENT-ID"); nothing is removed): spconnect renew \(name) --via-admin --admin ADMIN-EMAIL"
        switch error.code {
        case .renewalImpossible:
            switch values[.problem] {
            case "noObjectID":
                return "record the Object ID from the app's Overview page: spconnect connection set \(name) --object-id GUID; or " + viaAdmin
            case "policy":
                return "a tenant policy refuses this certificate\(values[.graphCode].map { " (\($0))" } ?? ""); try a shorter --days, or " + viaAdmin
            default:
                return viaAdmin
            }
        case .renewalIncomplete:
            switch values[.problem] {
            case "addKeyUnanswered":
                return "run spconnect renew \(name) again: it asks Entra whether Graph added the new certificate before sending addKey again"
            case "renewalPending":
                return "finish it first: spconnect renew \(name) resumes it (it proves the new certificate, then makes it current)"
            case "newCertificateFailed":
                return "fix what the check names (or wait a few minutes: a new key can take a while to reach every Entra server), then run spconnect renew \(name) again"
            default:
                return (underlying(error).map { $0 + "; then " } ?? "") + "run spconnect renew \(name) again: it resumes with the same new certificate"
            }
        case .previousNotRetired:
            return "retire it first, once nothing uses it: spconnect renew \(name) --retire"
        case .nothingToRetire:
            return "spconnect show \(name) lists its certificates"
        case .retireFailed:
            if values[.problem] == "keyIDGuessed" {
                return "the certificate was uploaded by the admin with another keyId: ask them to delete certificate \(values[.thumbprint] ?? "") in the app's Certificates & secrets page"
            }
            return (underlying(error).map { $0 + "; then " } ?? "") + "run spconnect renew \(name) --retire again"
        default:
            return nil
        }
    }
}
