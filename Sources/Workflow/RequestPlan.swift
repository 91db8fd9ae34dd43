import OpenSSLSupport
import Common
import Entra
import Mail
import Replies
import Vault
import Domain

/// A `request`'s options, checked in full before any key is generated or anything stored:
/// every address is an addr-spec, every value that reaches a header or the envelope is free
/// of control characters, sites belong to the cloud, the names fit a certificate.
public struct RequestPlan: Sendable {
    /// What the user asked for, as given on the command line (or from config.toml).
    public struct Options: Sendable {
        public var tenant: String
        public var admins: [String]
        public var cc: [String] = []
        public var sites: [String] = []
        public var appName: String?
        /// The client ID of an existing application to add the certificate to (a renewal).
        public var clientID: String?
        public var permission = "sites-selected"
        public var siteRole = "write"
        public var api = "sharepoint"
        public var cloud = "global"
        public var from: String?
        public var keySize = 3072
        public var days = 365

        public init(tenant: String, admins: [String]) {
            self.tenant = tenant
            self.admins = admins
        }
    }

    public let tenant: String
    public let admins: [Mailbox]
    public let cc: [Mailbox]
    public let from: Mailbox
    public let sites: [SharePointSite]
    /// The app name asked for, or the default's tenant part (see ``appName(requestID:)``).
    public let appName: String
    /// Whether no `--app-name` was given: the name then carries the request ID.
    public let appNameIsDefault: Bool
    /// The existing application's client ID (lower case), when the request names one.
    public let clientID: String?
    public let profile: PermissionProfile
    public let siteRole: SiteRole
    public let api: APITarget
    public let cloud: Cloud
    public let keySize: Int
    public let days: Int
    /// Things worth saying that do not stop the request.
    public let warnings: [OptionText]

    /// The longest app name: the certificate's CN is `APP (SPC-XXXX-XXXX)`, at most 64 characters.
    public static let maximumAppNameLength = 48

    /// Checks `options`.
    public init(_ options: Options) throws {
        let cloud = try Cloud(parsing: options.cloud)
        self.cloud = cloud
        profile = try PermissionProfile(parsing: options.permission)
        siteRole = try SiteRole(parsing: options.siteRole)
        api = try APITarget(parsing: options.api)
        tenant = try Self.checkTenant(options.tenant)
        guard !options.admins.isEmpty else {
            throw WorkflowError(.invalidOption, "no admin to send the request to", facts: ErrorFacts(values: [.option: "admin"]))
        }
        admins = try options.admins.map { text throws(MailError) in try OptionMailbox.parse(text, option: "admin") }
        cc = try options.cc.map { text throws(MailError) in try OptionMailbox.parse(text, option: "cc") }
        guard let fromText = options.from else {
            throw WorkflowError(.invalidOption, "no sender address",
                                facts: ErrorFacts(values: [.option: "from"]))
        }
        from = try OptionMailbox.parse(fromText, option: "from")
        var seen = Set<String>()
        sites = try options.sites.compactMap { text throws(EntraError) -> SharePointSite? in
            let site = try SharePointSite(text, cloud: cloud)
            return seen.insert(site.url.lowercased()).inserted ? site : nil
        }
        if profile.needsSiteGrants && sites.isEmpty {
            throw WorkflowError(.invalidOption, worded: "\(option: "permission") sites-selected grants access site by site, and no \(option: "site") was given",
                                facts: ErrorFacts(values: [.option: "site", .host: cloud.sharePointSuffix]))
        }
        appName = try Self.checkAppName(options.appName ?? Self.defaultAppName(tenant: tenant))
        appNameIsDefault = options.appName == nil
        if let text = options.clientID {
            let value = text.trimmingWhitespace.lowercased()
            guard Self.isGUID(value) else {
                throw WorkflowError(.invalidOption, worded: "\(option: "clientID") \(text) is not a GUID",
                                    facts: ErrorFacts(values: [.option: "clientID"]))
            }
            clientID = value
        } else {
            clientID = nil
        }
        guard RSAPrivateKey.allowedSizes.contains(options.keySize) else {
            throw CertificateError(.invalidKeySize, "key size \(options.keySize) is not allowed")
        }
        guard (1...SelfSignedCertificate.maximumDays).contains(options.days) else {
            throw CertificateError(.invalidValidity, "validity of \(options.days) days is not allowed")
        }
        keySize = options.keySize
        days = options.days
        var warnings: [OptionText] = []
        if days > SelfSignedCertificate.graphMaximumDays {
            warnings.append("a validity over \(SelfSignedCertificate.graphMaximumDays) days: the register-app scripts add the certificate through Microsoft Graph, which refuses key credentials valid for more than a year; the portal upload accepts it")
        }
        if !profile.needsSiteGrants && !options.sites.isEmpty {
            warnings.append("\(option: "permission") \(profile.rawValue) covers every site in the tenant; the \(option: "site") values are only listed in the email")
        }
        self.warnings = warnings
    }

    /// The application's display name for request `id`: the name asked for, or by default one
    /// unique to the request (`spconnect-contoso SPC-7K3D-Q9XA`), so two requests never share an app.
    public func appName(requestID id: String) -> String { appNameIsDefault ? "\(appName) \(id)" : appName }

    /// The certificate's subject CN for request `id`.
    public func commonName(requestID id: String) -> String { appNameIsDefault ? appName(requestID: id) : "\(appName) (\(id))" }

    static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// A tenant is a GUID or a domain name (contoso.onmicrosoft.com); it reaches the subject and scripts.
    static func checkTenant(_ text: String) throws(WorkflowError) -> String {
        let tenant = text.trimmingWhitespace
        if tenant.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw WorkflowError(.invalidOption, worded: "\(option: "tenant") contains a control character",
                                facts: ErrorFacts(values: [.option: "tenant", .problem: "controlCharacter"]))
        }
        guard !tenant.isEmpty, tenant.count <= 253 else {
            throw WorkflowError(.invalidOption, worded: "\(option: "tenant") is empty or too long", facts: ErrorFacts(values: [.option: "tenant"]))
        }
        // The same reading `import` applies to the admin's reply, so every request can be imported.
        guard let reference = TenantReference(tenant) else {
            throw WorkflowError(.invalidOption, worded: "\(option: "tenant") \(tenant) is neither a GUID nor a domain name", facts: ErrorFacts(values: [.option: "tenant"]))
        }
        return reference.description
    }

    static func defaultAppName(tenant: String) -> String {
        let label = TenantReference(tenant)?.domain.map { String($0.split(separator: ".").first ?? "app") } ?? "app"
        // Room for " SPC-XXXX-XXXX" (appName(requestID:)) within maximumAppNameLength.
        return "spconnect-" + label.prefix(maximumAppNameLength - 10 - 14)
    }

    static func checkAppName(_ text: String) throws -> String {
        let name = text.trimmingWhitespace
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0.properties.generalCategory == .format }) {
            throw WorkflowError(.invalidOption, worded: "\(option: "appName") contains a control character",
                                facts: ErrorFacts(values: [.option: "appName", .problem: "controlCharacter"]))
        }
        guard !name.isEmpty, name.count <= maximumAppNameLength else {
            throw WorkflowError(.invalidOption, worded: "\(option: "appName") must have 1 to \(maximumAppNameLength) characters",
                                facts: ErrorFacts(values: [.option: "appName", .problem: "length"]))
        }
        do {
            try SelfSignedCertificate.validate(commonName: "\(name) (SPC-0000-0000)")
        } catch {
            throw WorkflowError(.invalidOption, worded: "\(option: "appName"): \(error.detail)", cause: .wrapping(error),
                                facts: ErrorFacts(values: [.option: "appName"]))
        }
        return name
    }
}
