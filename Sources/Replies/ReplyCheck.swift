import Common
import Domain
import MIME

/// The checks a reply's values must pass before they become a connection, each with its
/// own error and what to do about it. `source` says where a value came from (`the
/// reply`, or an option by its key), for the messages.
public enum ReplyCheck {
    /// Microsoft's own applications, which an admin may paste by mistake: their IDs are
    /// in every SharePoint and Graph script.
    public static let microsoftApplications: [String: String] = [
        "00000003-0000-0ff1-ce00-000000000000": "SharePoint Online",
        "00000003-0000-0000-c000-000000000000": "Microsoft Graph",
        "00000002-0000-0000-c000-000000000000": "Azure AD Graph",
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46": "the Azure CLI",
        "1950a258-227b-4e31-a9cf-717495945fc2": "Azure PowerShell",
        "14d82eec-204b-4c2f-b7e8-296a70dab67e": "Microsoft Graph PowerShell",
        "31359c7f-bd7e-475c-86db-fdb8c937548e": "PnP Management Shell",
        "9bc3ab49-b65d-410a-85ad-de819febfddc": "SharePoint Online Management Shell",
        "00000006-0000-0ff1-ce00-000000000000": "the Microsoft 365 portal",
    ]

    private static let zeroGUID = "00000000-0000-0000-0000-000000000000"

    /// The tenant as a GUID or a domain.
    public static func tenant(_ text: String, source: OptionText) throws(RepliesError) -> TenantReference {
        guard let tenant = TenantReference(text) else {
            throw RepliesError(.invalidTenantID, worded: "\(source) gives the Directory (tenant) ID \"\(text)\", which is neither a GUID nor a domain name")
        }
        if tenant.guid == zeroGUID {
            throw RepliesError(.zeroGUID, worded: "\(source) gives the Directory (tenant) ID \(zeroGUID), a placeholder, not a tenant",
                               facts: ErrorFacts(values: [.field: ReplyField.tenantID.rawValue]))
        }
        return tenant
    }

    /// The client ID, lower case with hyphens: a GUID, not zeros, not the tenant's, not Microsoft's.
    public static func clientID(_ text: String, tenant: TenantReference?, source: OptionText) throws(RepliesError) -> String {
        guard let guid = IdentifierFormat.guid(text) else {
            var detail: OptionText = "\(source) gives the Application (client) ID \"\(text)\", which is not a GUID"
            let digits = text.filter { $0.isHexDigit }.count
            if text.contains(where: { !$0.isHexDigit && $0 != "-" && $0 != "{" && $0 != "}" }) {
                detail = detail + " (it has characters other than 0-9, a-f and hyphens)"
            } else if digits != 32 {
                detail = detail + " (\(digits) hex digits instead of 32)"
            }
            throw RepliesError(.invalidClientID, worded: detail)
        }
        if guid == zeroGUID {
            throw RepliesError(.zeroGUID, worded: "\(source) gives the Application (client) ID \(zeroGUID), a placeholder, not an app",
                               facts: ErrorFacts(values: [.field: ReplyField.clientID.rawValue]))
        }
        if let tenantGUID = tenant?.guid, tenantGUID == guid {
            throw RepliesError(.clientIDIsTenantID, "the Application (client) ID \(guid) is the Directory (tenant) ID: one of them was copied into the other's place")
        }
        if let name = microsoftApplications[guid] {
            throw RepliesError(.microsoftAppID, "the Application (client) ID \(guid) is \(name)'s, not the new app registration's")
        }
        return guid
    }

    /// The Object ID, lower case with hyphens: a GUID, not zeros, and neither the client
    /// ID nor the tenant ID (the admin center shows all three on one page).
    public static func objectID(_ text: String, clientID: String, tenant: TenantReference?, source: OptionText) throws(RepliesError) -> String {
        guard let guid = IdentifierFormat.guid(text) else {
            throw RepliesError(.invalidObjectID, worded: "\(source) gives the Object ID \"\(text)\", which is not a GUID")
        }
        if guid == zeroGUID {
            throw RepliesError(.invalidObjectID, worded: "\(source) gives the Object ID \(zeroGUID), a placeholder, not an app")
        }
        if guid == clientID {
            throw RepliesError(.invalidObjectID, "the Object ID \(guid) is the Application (client) ID: an app's two IDs always differ, so one was copied into the other's place")
        }
        if let tenantGUID = tenant?.guid, tenantGUID == guid {
            throw RepliesError(.invalidObjectID, "the Object ID \(guid) is the Directory (tenant) ID: one was copied into the other's place")
        }
        return guid
    }

    /// The domain suffixes of tenants' initial domains, one per cloud: `contoso.onmicrosoft.com`
    /// (global), `.onmicrosoft.us` (US Government), `.partner.onmschina.cn` (operated by 21Vianet).
    /// Microsoft: https://learn.microsoft.com/entra/fundamentals/add-custom-domain ("initial domain").
    public static let initialDomainSuffixes = [".onmicrosoft.com", ".onmicrosoft.us", ".partner.onmschina.cn"]

    /// Refuses a tenant domain from a reply that is neither the request's tenant nor a
    /// tenant's initial domain (`NAME.onmicrosoft.com`, one label before the suffix): a
    /// look-alike such as `contoso.onmicrosoft.com.evil.example` names a domain anyone can own.
    /// When the request names an initial domain, another tenant's initial domain is refused too.
    ///
    /// - Returns: a warning when the request named a custom domain (`contoso.com`) and the
    ///   reply an initial domain: any tenant has one, so it does not show that this is the
    ///   request's tenant; nil when there is nothing to say.
    @discardableResult
    public static func tenantDomain(_ domain: String, requestTenant: String, request: String, source: OptionText) throws(RepliesError) -> OptionText? {
        let asked = TenantReference(requestTenant)?.domain
        if domain == asked { return nil }
        let initial = initialDomainSuffixes.contains { suffix in
            domain.hasSuffix(suffix) && !domain.dropLast(suffix.count).isEmpty && !domain.dropLast(suffix.count).contains(".")
        }
        let askedInitial = asked.map { asked in initialDomainSuffixes.contains { asked.hasSuffix($0) } } ?? false
        if initial && !askedInitial {
            guard let asked else { return nil }
            return "\(source) gives the tenant domain \(domain), not the domain request \(request) was made for (\(asked)); any tenant has a NAME.onmicrosoft.com domain, "
                + OptionText("so this does not show it is \(asked)'s tenant: what matters is the admin's Directory (tenant) ID (a GUID), so check it with the admin (Entra admin center › Overview)")
        }
        let why = initial ? "another tenant's initial domain than the request's (\(asked ?? requestTenant))"
            : "neither the tenant request \(request) was made for (\(requestTenant)) nor a tenant's initial domain (NAME.onmicrosoft.com)"
        throw RepliesError(.tenantDomainMismatch, worded: "\(source) gives the tenant domain \(domain), which is \(why)",
                           facts: ErrorFacts(values: [.tenant: domain]))
    }

    /// The thumbprint as 40 upper-case hex digits.
    public static func thumbprint(_ text: String, source: OptionText) throws(RepliesError) -> String {
        if let thumbprint = IdentifierFormat.thumbprint(text) { return thumbprint }
        var detail: OptionText = "\(source) gives the certificate thumbprint \"\(text)\", which is not 40 hex digits"
        var facts = ErrorFacts()
        if let digits = IdentifierFormat.hexDigitCount(text) {
            detail = "\(source) gives the certificate thumbprint \"\(text)\", which has \(digits) hex digits instead of 40"
            if digits == 64 {
                facts[.input] = "sha256"
            }
        }
        throw RepliesError(.invalidThumbprint, worded: detail, facts: facts)
    }

    /// Refuses a thumbprint that is not the request certificate's.
    public static func thumbprint(_ given: String, matches expected: String, request: String, source: OptionText) throws(RepliesError) {
        guard given != expected.uppercased() else { return }
        throw RepliesError(.thumbprintMismatch,
                           worded: "\(source) gives the certificate thumbprint \(given), but request \(request)'s certificate has the thumbprint \(expected): the admin uploaded another certificate",
                           facts: ErrorFacts(values: [.thumbprint: expected, .record: request]))
    }

    /// The longest connection name (``Domain/NameRule/maximumLength``).
    public static let maximumNameLength = NameRule.maximumLength

    /// A connection name as given with `--name`, checked by the one ``Domain/NameRule``.
    public static func connectionName(_ name: String) throws(RepliesError) -> String {
        guard let violation = NameRule.violation(in: name) else { return name }
        throw RepliesError(.repliesInvalidName, violation.detail(subject: "the connection name"),
                           facts: ErrorFacts(values: [.limit: String(maximumNameLength)]))
    }

    /// A name from the tenant and the app name (`contoso-reports`), made unique against
    /// `taken` by adding `-2`, `-3`…
    public static func derivedName(tenant: TenantReference, requestTenant: String, appName: String, taken: Set<String>) -> String {
        let tenantWord: String
        if let domain = tenant.domain ?? TenantReference(requestTenant)?.domain {
            tenantWord = slug(String(domain.split(separator: ".").first ?? ""))
        } else {
            tenantWord = String((tenant.guid ?? "tenant").prefix(8))
        }
        // A default app name carries its request ID (`spconnect-contoso SPC-7K3D-Q9XA`): the
        // connection is named for the tenant and the app, not the request.
        let app = slug(appName).replacing(/-?spc-[a-z0-9]{4}-[a-z0-9]{4}/, with: "")
        var base: String
        if app.isEmpty {
            base = tenantWord.isEmpty ? "connection" : tenantWord
        } else if tenantWord.isEmpty || app == tenantWord || app.hasPrefix(tenantWord + "-") || app.hasSuffix("-" + tenantWord) {
            base = app
        } else {
            base = tenantWord + "-" + app
        }
        base = String(base.prefix(maximumNameLength))
        while base.hasSuffix("-") { base.removeLast() }
        if IdentifierFormat.requestID(in: Array(base.utf8), at: 0) != nil { base = "connection-" + base }
        base = String(base.prefix(maximumNameLength))
        if !taken.contains(base) { return base }
        var number = 2
        while true {
            let suffix = "-\(number)"
            var stem = String(base.prefix(maximumNameLength - suffix.count))
            while stem.hasSuffix("-") { stem.removeLast() }
            if !taken.contains(stem + suffix) { return stem + suffix }
            number += 1
        }
    }

    /// Lower-case ASCII letters and digits, other runs as one `-`.
    static func slug(_ text: String) -> String {
        var output = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if pendingHyphen && !output.isEmpty { output.append("-") }
                pendingHyphen = false
                output.unicodeScalars.append(Unicode.Scalar(UInt8(ASCII.lower(UInt8(scalar.value)))))
            } else {
                pendingHyphen = true
            }
        }
        return output
    }
}
