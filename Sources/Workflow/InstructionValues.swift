#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import OpenSSLSupport
import Common
import Entra
import Vault
import Domain
import Templates

/// The values the instruction templates can name, built from a stored request and its
/// certificate. `templates/README.md` lists them for people writing their own templates.
///
/// Every requester-supplied value comes in several forms: as it is (`appName`; the HTML
/// template escapes it), and pre-quoted for each script language (`appNameSh`,
/// `appNamePs`), for JSON (`appNameJSON`), so a template never has to quote anything.
struct InstructionValues {
    let request: RequestRecord
    let cloud: Cloud
    let profile: PermissionProfile
    let siteRole: SiteRole
    let api: APITarget
    let sites: [SharePointSite]
    let certificate: X509Certificate

    init(request: RequestRecord, certificate: X509Certificate) throws(WorkflowError) {
        self.request = request
        self.certificate = certificate
        do {
            cloud = request.cloud
            profile = request.permission
            siteRole = request.siteRole
            api = request.api
            var parsed: [SharePointSite] = []
            for site in request.sites { parsed.append(try SharePointSite(site, cloud: cloud)) }
            sites = parsed
        } catch {
            throw WorkflowError(.invalidRequest, "request \(request.id): \(error.reason)", cause: .wrapping(error))
        }
        guard certificate.fingerprints.thumbprint == request.thumbprint.uppercased() else {
            throw WorkflowError(.invalidRequest, "request \(request.id): the certificate's thumbprint \(certificate.fingerprints.thumbprint) is not the stored \(request.thumbprint)")
        }
        if profile.needsSiteGrants && sites.isEmpty {
            throw WorkflowError(.invalidRequest, "request \(request.id) asks for sites-selected but names no site",
                                facts: ErrorFacts(values: [.problem: "noSite", .record: request.id]))
        }
    }

    /// A file-name-safe form of the app name: letters and digits of any script are kept
    /// (the Mail encoder writes them per RFC 2231 and RFC 2047), anything else becomes `-`.
    var fileStem: String {
        var out = ""
        for character in request.appName {
            if character.isLetter || character.isNumber || character == "." || character == "_" || character == "-" {
                out.append(character)
            } else if out.last != "-" {
                out.append("-")
            }
        }
        let trimmed = out.drop { $0 == "-" || $0 == "." }.reversed().drop { $0 == "-" || $0 == "." }.reversed()
        let stem = String(String(trimmed).prefix(60))
        return stem.isEmpty ? "app" : stem
    }

    /// PEM: `.cer`, `.crt` and `.der` are on Outlook's default blocked list, `.pem` is not, and the
    /// admin center's upload accepts `.cer`, `.pem` and `.crt`.
    var certificateFileName: String {
        // A default app name already ends with the request ID (`spconnect-contoso SPC-…`).
        fileStem.hasSuffix(request.id) ? "\(fileStem).pem" : "\(fileStem)-\(request.id).pem"
    }
    /// The name the admin saves the PowerShell script as (`.ps1` is on Outlook's blocked list,
    /// so the attachment is this name with `.txt` added).
    var powershellFileName: String { "register-app-\(request.id).ps1" }
    var azureCLIFileName: String { "register-app-\(request.id).sh" }
    var manifestFileName: String { "keycredential-\(request.id).json" }

    /// The key credential's `keyId`: derived from the certificate's SHA-256 (RFC 9562 version 8),
    /// so the scripts, the manifest entry and every re-rendering agree.
    var keyID: String { KeyCredential.scriptKeyID(for: certificate) }

    /// The tag that marks the application as this request's (the application's `tags`:
    /// "custom strings that can be used to categorize and identify the application",
    /// supporting `$filter` with `any`; https://learn.microsoft.com/graph/api/resources/application).
    var marker: String { "spconnect:\(request.id)" }

    /// Whole days from the certificate's notBefore to its notAfter.
    var validityDays: Int {
        Int(((certificate.notAfter.timeIntervalSince(certificate.notBefore) - SelfSignedCertificate.clockSkew) / 86_400).rounded(.up))
    }

    /// "2027-11-26 14:39 UTC".
    static func humanDate(_ date: Date) -> String {
        let iso = ISO8601.string(date)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }

    /// The values for the templates.
    var values: [String: TemplateValue] {
        var values: [String: TemplateValue] = [:]
        func plain(_ key: String, _ value: String) { values[key] = .text(value) }
        func quoted(_ key: String, _ value: String) {
            values.merge(Self.quotedForms(key, value)) { $1 }
            values[key + "JSONSh"] = .text(ScriptQuoting.shell(ScriptQuoting.json(value)))
            values[key + "JSONPs"] = .text(ScriptQuoting.powerShell(ScriptQuoting.json(value)))
        }
        let prints = certificate.fingerprints
        quoted("requestID", request.id)
        quoted("tenant", request.tenant)
        quoted("requester", request.requester)
        quoted("appName", request.appName)
        // For comments in scripts: a line break would end the comment.
        plain("appNameOneLine", String(String.UnicodeScalarView(request.appName.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .lineSeparator
                || $0.properties.generalCategory == .paragraphSeparator ? "?" : $0
        })))
        quoted("admins", request.admins.joined(separator: ", "))
        quoted("thumbprint", prints.thumbprint)
        quoted("thumbprintBase64", Base64.encode(prints.sha1))
        quoted("sha256Fingerprint", prints.sha256Fingerprint)
        plain("sha256FingerprintFirstHalf", Hex.colons(prints.sha256.prefix(16)))
        plain("sha256FingerprintSecondHalf", Hex.colons(prints.sha256.dropFirst(16)))
        quoted("certificateSubject", certificate.subject)
        quoted("certificateBase64", Base64.encode(certificate.der))
        quoted("certificatePEM", String(decoding: certificate.pem, as: UTF8.self).trimmingWhitespace)
        quoted("keyID", keyID)
        quoted("marker", marker)
        quoted("markerFilterExpression", ScriptQuoting.urlQueryComponent("tags/any(t:t eq " + ScriptQuoting.odata(marker) + ")"))
        quoted("requestedClientID", request.clientID ?? "")
        values["existingApp"] = .flag(request.clientID != nil)
        plain("validityDays", String(validityDays))
        plain("graphMaximumDays", String(SelfSignedCertificate.graphMaximumDays))
        values["validityOverGraphLimit"] = .flag(validityDays > SelfSignedCertificate.graphMaximumDays)
        plain("notBefore", Self.humanDate(certificate.notBefore))
        plain("notAfter", Self.humanDate(certificate.notAfter))
        quoted("notBeforeISO", ISO8601.string(certificate.notBefore))
        quoted("notAfterISO", ISO8601.string(certificate.notAfter))

        plain("cloud", cloud.rawValue)
        plain("cloudName", cloud.displayName)
        quoted("loginHost", cloud.loginHost)
        quoted("graphHost", cloud.graphHost)
        quoted("graphURL", cloud.graphURL)
        quoted("sharePointSuffix", cloud.sharePointSuffix)
        quoted("adminCenterURL", cloud.adminCenterURL)
        quoted("azurePortalURL", cloud.azurePortalURL)
        quoted("graphEnvironment", cloud.graphPowerShellEnvironment)
        quoted("azureCloudName", cloud.azureCLICloudName)
        values["isGlobalCloud"] = .flag(cloud == .global)

        plain("permission", profile.rawValue)
        quoted("permissionName", profile.permissionName)
        plain("permissionSummary", profile.summary)
        plain("permissionRationale", profile.rationale)
        values["sitesSelected"] = .flag(profile.needsSiteGrants)
        values["allSites"] = .flag(!profile.needsSiteGrants)
        quoted("siteRole", siteRole.rawValue)
        quoted("siteRolePnP", siteRole.pnpName)
        plain("siteRoleSummary", siteRole.summary)
        quoted("siteRoleJSONArray", "[\(ScriptQuoting.json(siteRole.rawValue))]")

        let roles = profile.appRoles(for: api)
        plain("api", api.rawValue)
        plain("apiNames", roles.map(\.resource.portalName).joined(separator: " and "))
        values["usesSharePoint"] = .flag(api.resources.contains(.sharePoint))
        values["usesGraph"] = .flag(api.resources.contains(.microsoftGraph))
        let access = roles.map { role in
            "{\"resourceAppId\":\(ScriptQuoting.json(role.resource.appID)),\"resourceAccess\":[{\"id\":\(ScriptQuoting.json(role.id)),\"type\":\"Role\"}]}"
        }
        quoted("requiredResourceAccessJSON", "[" + access.joined(separator: ",") + "]")
        quoted("newKeyJSON", "{\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"keyId\":\(ScriptQuoting.json(keyID)),"
            + "\"displayName\":\(ScriptQuoting.json(certificate.subject)),\"key\":\(ScriptQuoting.json(Base64.encode(certificate.der)))}")
        values["roles"] = .list(roles.map { role in
            Self.quotedRecord([("resourceName", role.resource.portalName), ("resourceAppID", role.resource.appID),
                               ("roleName", role.name), ("roleID", role.id)])
        }, fields: Self.quotedFields(["resourceName", "resourceAppID", "roleName", "roleID"]))

        values["sites"] = .list(sites.map { site in
            Self.quotedRecord([("url", site.url), ("graphPath", site.graphLookupPath)])
        }, fields: Self.quotedFields(["url", "graphPath"]))
        values["hasSites"] = .flag(!sites.isEmpty)

        // The Graph $filter expression that finds the app by name, URL-encoded, for az rest.
        quoted("appFilterExpression", ScriptQuoting.urlQueryComponent("displayName eq " + ScriptQuoting.odata(request.appName)))
        quoted("appNameOData", ScriptQuoting.odata(request.appName))

        plain("replyBlock", ReplyBlock.text(requestID: request.id))
        quoted("replyBegin", ReplyBlock.beginMarker)
        quoted("replyEnd", ReplyBlock.endMarker)
        plain("certificateFileName", certificateFileName)
        quoted("powershellFileName", powershellFileName)
        plain("azureCLIFileName", azureCLIFileName)
        plain("manifestFileName", manifestFileName)
        return values
    }

    /// A value as the templates use it: plain, and quoted for sh (`Sh`), PowerShell (`Ps`) and JSON (`JSON`).
    static func quotedForms(_ key: String, _ value: String) -> [String: TemplateValue] {
        [key: .text(value), key + "Sh": .text(ScriptQuoting.shell(value)),
         key + "Ps": .text(ScriptQuoting.powerShell(value)), key + "JSON": .text(ScriptQuoting.json(value))]
    }

    /// One list item with every value in all its quoted forms.
    static func quotedRecord(_ pairs: [(String, String)]) -> [String: TemplateValue] {
        pairs.reduce(into: [:]) { record, pair in record.merge(quotedForms(pair.0, pair.1)) { $1 } }
    }

    /// The field names ``quotedRecord(_:)`` makes for `keys`.
    static func quotedFields(_ keys: [String]) -> Set<String> {
        Set(keys.flatMap { quotedForms($0, "").keys })
    }
}
