import Common
import Domain
import Replies

extension Hint {
    /// What to do after an error of the `replies` domain.
    static func replies(_ error: SpconnectError) -> String? {
        let values = error.facts.values
        switch error.code {
        case .repliesTooLarge:
            return "save only the reply's text (or paste its reply block) into a file and import that, or give the values with --request, --tenant-id, --client-id and --thumbprint"
        case .repliesUnreadable:
            return "check the path of the reply file"
        case .notText:
            if values[.input] == "msg" {
                return "save the reply from Outlook again (File › Save As › Outlook Message Format, or Text Only), or paste the admin's reply into a text file"
            }
            return "import the reply email itself (.eml or .msg), or paste the admin's reply into a text file"
        case .repliesTruncated:
            return "save the whole reply email again (.eml) and import that, or paste its reply block into a file"
        case .noReply:
            switch values[.input] {
            case "richText":
                return "in Outlook, save the reply as Text Only (.txt) or as .eml, and import that; or give the values with --request, --tenant-id and --client-id"
            case "attachment":
                return "ask the admin to write the values in the email itself, or give them with --request, --tenant-id and --client-id"
            default:
                return "check that this is the admin's reply; " + askForClientID
            }
        case .emptyReply:
            return askForClientID
        case .missingClientID:
            if values[.input] == "none" {
                return "give the admin's reply (a file, or - for standard input), or the values with --client-id (and --tenant-id, --thumbprint)"
            }
            return askForClientID
        case .conflictingValues:
            let flag = values[.field].flatMap(ReplyField.init(rawValue:)).map { OptionSpelling.flag($0.rawValue) } ?? "its flag"
            return "ask the admin which one is right, then give it with \(flag)"
        case .invalidRequestID:
            return "list your requests with: spconnect requests; then give the right one with --request"
        case .unknownRequest:
            return "nothing was changed; the reply may answer a request made with another --home or on another machine; list this store's requests with: spconnect requests"
        case .missingRequest:
            guard let pending = values[.pending] else { return "this store has no pending request; list them with: spconnect requests" }
            return "give it with --request; pending: \(pending)"
        case .requestNotPending:
            return "nothing was changed; make a new request with: spconnect request --tenant \(values[.tenant] ?? "TENANT") …"
        case .tenantMismatch:
            return "nothing was changed; if the admin registered the app in that tenant on purpose, give it with --tenant-id \(values[.tenant] ?? "TENANT")"
        case .certificateExpired:
            return "nothing was changed; make a new request (spconnect request --tenant \(values[.tenant] ?? "TENANT") …) and cancel this one (spconnect cancel \(values[.record] ?? error.location))"
        case .nameTaken:
            return "nothing was changed; choose another with --name (see them with: spconnect connections)"
        case .alreadyFulfilled:
            return "nothing was changed; see the connection with: spconnect show \(values[.record] ?? "NAME")"
        case .invalidTenantID:
            return "a tenant ID looks like 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra admin center › Overview), a domain like contoso.onmicrosoft.com; check it with the admin, or give it with --tenant-id"
        case .zeroGUID:
            if values[.field] == ReplyField.tenantID.rawValue {
                return "ask the admin for the Directory (tenant) ID the Entra admin center shows on the app's Overview page, or give it with --tenant-id"
            }
            return "ask the admin for the Application (client) ID on the app's Overview page, or give it with --client-id"
        case .invalidClientID:
            return "copy the Application (client) ID again from the app's Overview page in the Entra admin center (it looks like 72f988bf-86f1-41af-91ab-2d7cd011db47), or give it with --client-id"
        case .clientIDIsTenantID:
            return "the app's Overview page shows both; ask the admin for the Application (client) ID, or give it with --client-id"
        case .microsoftAppID:
            return "ask the admin for the Application (client) ID of the app they registered for you (App registrations › the app › Overview), or give it with --client-id"
        case .invalidObjectID:
            return "the Object ID is on the app's Overview page in the Entra admin center, below the Application (client) ID; check it with the admin, or give it with --object-id"
        case .tenantDomainMismatch:
            let domain = values[.tenant] ?? "the domain"
            return "nothing was changed; check the Directory (tenant) ID with the admin (Entra admin center › Overview); if \(domain) is right, give it with --tenant-id \(domain)"
        case .invalidThumbprint:
            if values[.input] == "sha256" {
                return "64 digits is a SHA-256 fingerprint; Entra shows the SHA-1 thumbprint (40 digits) on the app's Certificates & secrets page"
            }
            return "the thumbprint is on the app's Certificates & secrets page, 40 hex digits; check it with the admin, or leave it out"
        case .thumbprintMismatch:
            return "nothing was changed; ask the admin to upload the certificate attached to the request email (thumbprint \(values[.thumbprint] ?? "")) "
                + "and to send the new thumbprint (see: spconnect show \(values[.record] ?? "REQUEST"))"
        case .repliesInvalidName:
            return "use letters, digits, '-', '_' and '.', at most \(values[.limit] ?? String(NameRule.maximumLength)) characters, e.g. --name contoso-reports"
        case .unknownSender:
            if values[.input] == "text" {
                return "nothing was changed; import the admin's email itself (.eml or .msg), or leave out --strict"
            }
            return "nothing was changed; check with the admin that these values are theirs; without --strict the reply is imported with a warning"
        case .hiddenContent:
            return "nothing was changed; check the values with the admin and give them with --request, --tenant-id, --client-id and --thumbprint, or leave out --strict"
        default:
            return underlying(error)
        }
    }

    /// The next step when a reply lacks the Application (client) ID.
    private static let askForClientID = "ask the admin for the Application (client) ID (App registrations › the app › Overview), or give it with --client-id"
}
