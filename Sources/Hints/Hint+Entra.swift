import Common
import Domain
import Entra

extension Hint {
    /// What to do after an error of the `entra` domain.
    static func entra(_ error: SpconnectError) -> String? {
        let facts = error.facts
        let value = { (fact: ErrorFact) in facts[fact] ?? "" }
        let show = "spconnect show \(value(.record))"
        let trace = facts[.trace].map { " (\($0))" } ?? ""
        let check = facts[.check]
        switch error.code {
        case .unknownCloud where check == "storedCloud":
            return "use global, usgov, usgovdod or china"
        case .unknownCloud:
            return "use --cloud \(value(.choices)) (global is the default)"
        case .unknownProfile:
            return "use --permission \(value(.choices)) (sites-selected is the default)"
        case .unknownRole:
            return "use --site-role read, write, manage or fullcontrol (write is the default)"
        case .invalidValue:
            return invalidValue(check, facts)

        case .hostNotFound:
            return "check the host name and this machine's DNS; behind a proxy, set https_proxy"
        case .proxyFailed:
            return "check https_proxy / all_proxy in the environment"
        case .connectionFailed where facts.isTemporary:
            return "try again; if it persists, check the proxy or firewall"
        case .connectionFailed:
            return "check the address and that a firewall or proxy lets HTTPS through (https_proxy, no_proxy)"
        case .timeout:
            return "check the network or proxy; give more time with --timeout SECONDS"
        case .tlsFailure:
            guard let caFile = facts[.path] else {
                return "the server's certificate is not trusted here: behind a TLS-inspecting proxy or for a private endpoint, give its CA certificate with --ca-file FILE"
            }
            return "the server's certificate is not trusted even with --ca-file \(caFile), or it names another host"
        case .caFileUnreadable:
            switch check {
            case "pem": return "give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)"
            case "readable": return "give a readable PEM file of CA certificates"
            default: return "give a PEM file of CA certificates"
            }
        case .transportFailed where facts[.host] != nil:
            return "check the network and proxy settings"

        case .applicationNotFound:
            return "first compare the IDs with the admin's reply (\(show)); if they match, ask your admin to check that the app registration exists in this tenant and send them the Application (client) ID \(value(.clientID)) and Directory (tenant) ID \(value(.tenant))\(trace)"
        case .certificateNotRegistered:
            return "ask your admin to upload the certificate to the app registration (Certificates & secrets > Certificates > Upload certificate) and to check its thumbprint is \(value(.thumbprint)); send them the public certificate (spconnect export \(value(.record)) --format pem) and that thumbprint\(trace)"
        case .credentialExpired:
            return "make a new certificate with a new request (spconnect request …) and ask your admin to upload it and remove the expired one; send them the new request's email\(trace)"
        case .credentialInvalid:
            return "the app registration does not hold this certificate as a credential: ask your admin to upload the certificate with thumbprint \(value(.thumbprint)) under Certificates (not a client secret); send them the public certificate (spconnect export \(value(.record)) --format pem)\(trace)"
        case .tenantNotFound:
            return "check the Directory (tenant) ID against the admin's reply (\(show)); a tenant in GCC High, DoD or China needs the connection's cloud set accordingly (or --authority-host)"
        case .consentMissing:
            return "ask your admin to grant admin consent (Entra admin center > App registrations > \(value(.clientID)) > API permissions > Grant admin consent) for the SharePoint application permission; send them the Application (client) ID \(value(.clientID))\(trace)"
        case .resourceNotFound:
            return "the site's host is not this tenant's SharePoint: check the site address (--site https://<tenant>.sharepoint.com/sites/NAME) and the tenant in \(show)"
        case .assertionTimeRange:
            return "set this machine's clock right (timedatectl set-ntp true, or the system's date and time settings) and run verify again"
        case .audienceMismatch:
            return "the login host does not serve this tenant: check the connection's cloud (\(value(.cloud))) and --authority-host"
        case .tokenRefused:
            let lookup = facts.aadsts.map { " (look it up: https://login.microsoftonline.com/error?code=\($0))" } ?? ""
            return "if the message names something only the admin can change, send them this message\(trace)\(lookup)"
        case .malformedResponse:
            switch check {
            case "sharePoint": return "check that the address is a SharePoint site"
            case "tokenEndpoint": return "something other than Entra ID answered (a proxy, or a wrong --authority-host): check the network path to \(value(.host))"
            case "accessToken": return "something other than Entra ID answered: check --authority-host"
            default: return nil
            }

        case .sharePointUnauthorized:
            return "ask your admin to grant admin consent to the app's SharePoint application permission (Sites.Selected or Sites.*.All under SharePoint, not only Microsoft Graph); send them the Application (client) ID \(value(.clientID))"
        case .sharePointForbidden where check == "siteGrant":
            return "ask your admin to grant the app this site; send them the site address and the client ID, e.g. Grant-PnPEntraIDAppSitePermission -AppId \(value(.clientID)) -DisplayName \"\(value(.displayName))\" -Permissions \(value(.sitePermission)) -Site \(value(.site))"
        case .sharePointForbidden:
            return "ask your admin for a SharePoint application permission that covers this site (Sites.Selected with a site grant, or Sites.Read.All); send them the site address and the client ID \(value(.clientID))"
        case .siteNotFound:
            return "check the address: https://<tenant>.sharepoint.com/sites/NAME"
        case .sharePointFailed:
            return facts.isTemporary ? "SharePoint had a problem: try again later" : "check the site address"

        case .keyVaultUnauthorized:
            return "get a fresh token for the vault's resource (az account get-access-token --resource \(keyVaultResource(facts)) --query accessToken -o tsv) in the vault's tenant, and give it with --token-command or SPCONNECT_KEYVAULT_TOKEN"
        case .keyVaultForbidden:
            return "ask the vault's owner to let you import certificates: the Key Vault Certificates Officer role on \(value(.vault)) (or certificates/import in its access policy), and that its firewall lets this network in"
        case .keyVaultConflict:
            return "a deleted certificate named \(value(.certificateName)) may still be kept by soft delete: recover it (az keyvault certificate recover --vault-name \(vaultName(facts)) --name \(value(.certificateName))) or have it purged, or import under another name with --certificate-name NAME"
        case .keyVaultRejected:
            return "check --certificate-name (letters, digits and hyphens) and that the vault takes RSA certificates; if the message names the policy or the certificate, send it to the vault's owner"
        case .keyVaultFailed:
            return facts.isTemporary ? "Key Vault had a problem or is throttling: try again in a minute" : "check the vault's address (--vault https://NAME.vault.azure.net)"
        default:
            return underlying(error)
        }
    }

    /// The Key Vault resource for the vault of `facts` (`https://vault.azure.net` or the national cloud's).
    private static func keyVaultResource(_ facts: ErrorFacts) -> String {
        guard let vault = facts[.vault], let dot = vault.dropFirst("https://".count).firstIndex(of: ".") else { return "https://vault.azure.net" }
        return "https://" + vault[vault.index(after: dot)...]
    }

    /// The vault's name (`contoso` of `https://contoso.vault.azure.net`).
    private static func vaultName(_ facts: ErrorFacts) -> String {
        guard let vault = facts[.vault] else { return "NAME" }
        return String(vault.dropFirst("https://".count).prefix { $0 != "." })
    }

    /// The next step for ``ErrorCode/invalidValue``, by the rule that refused the value.
    private static func invalidValue(_ check: String?, _ facts: ErrorFacts) -> String? {
        switch check {
        case "api": "use --api sharepoint, graph or both (sharepoint is the default)"
        case "https": "give the https:// address"
        case "url": "give an https:// address"
        case "siteAddress": "give the site's address as the browser shows it, e.g. https://\(facts[.host] ?? "contoso.sharepoint.com")/sites/Team"
        case "siteCloud": "give the site's address as the browser shows it, or choose the tenant's cloud with --cloud"
        case "siteURL": "give the site as https://contoso.sharepoint.com/sites/NAME"
        case "sharingLink": "open the link in the browser, go to the site's home page and give that address"
        case "fileAddress": "give the address of the site the file is in, e.g. https://contoso.sharepoint.com/sites/NAME"
        case "siteMissing": "give the site's address, e.g. https://contoso.sharepoint.com/\(facts[.site] ?? "sites")/NAME"
        case "authorityHost": "give a host and optional port, such as login.microsoftonline.us or 127.0.0.1:8443"
        case "connectionSites": "give one: spconnect verify \(facts[.record] ?? "NAME") --site https://contoso.sharepoint.com/sites/NAME"
        case "vaultURL": "give the vault's address as the Azure portal shows it (Vault URI), e.g. --vault https://NAME.\(facts[.host] ?? "vault.azure.net")"
        case "vaultSuffix": "a connection in the \(facts[.cloud] ?? "global") cloud imports into a vault under \(facts[.host] ?? "vault.azure.net"): --vault https://NAME.\(facts[.host] ?? "vault.azure.net")"
        case "certificateName": "use letters, digits and hyphens only, e.g. --certificate-name contoso-reports"
        default: nil
        }
    }
}
