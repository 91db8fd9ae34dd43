import Foundation
import Testing
import OpenSSLSupport
import Entra
import Vault
@testable import Workflow
import Templates
import Domain
import TestSupport

/// One key and certificate for every test (RSA key generation is the slow part), and
/// requests built around them.
enum Fixture {
    static let certificate: X509Certificate = {
        let key = try! RSAPrivateKey.generate(bits: 2048)
        return try! SelfSignedCertificate.make(commonName: "contoso-reports", key: key, days: 365)
    }()

    /// Two more certificates an application already holds, and one valid for 400 days.
    static let otherCertificate = make("earlier key 1", days: 300)
    static let thirdCertificate = make("earlier key 2", days: 200)
    static let longCertificate = make("contoso-reports (SPC-7K3D-Q9XA)", days: 400)

    static func make(_ name: String, days: Int) -> X509Certificate {
        try! SelfSignedCertificate.make(commonName: name, key: try! RSAPrivateKey.generate(bits: 2048), days: days)
    }

    /// Values a hostile or careless requester could type.
    static let hostileAppName = #"Evil'App"; $(touch /tmp/spconnect-pwned) `id` & <script>alert("x")</script>"#
    static let hostileSite = #"https://contoso.sharepoint.com/sites/a'b"c;$(id)`x`<script>alert(1)</script>"#

    static func request(profile: PermissionProfile = .sitesSelected, cloud: Cloud = .global, api: APITarget = .sharepoint,
                        appName: String = "contoso-reports", sites: [String]? = nil, siteRole: SiteRole = .write,
                        tenant: String = "contoso.onmicrosoft.com") -> RequestRecord {
        let host = "contoso." + cloud.sharePointSuffix
        let siteList = sites ?? (profile.needsSiteGrants ? ["https://\(host)/sites/Finance", "https://\(host)/teams/Project X"] : [])
        return RequestRecord(
            id: "SPC-7K3D-Q9XA", tenant: tenant, cloud: cloud, admins: ["admin@contoso.com"],
            requester: "Dana Developer <dana@contoso.com>", sites: siteList, permission: profile,
            siteRole: siteRole, api: api, appName: appName, certificate: Data(certificate.der),
            thumbprint: certificate.fingerprints.thumbprint, notAfter: certificate.notAfter)
    }

    static func render(_ request: RequestRecord, templates: TemplateLibrary = .shipped) throws -> InstructionSet {
        try InstructionRenderer.render(request: request, certificate: certificate, templates: templates)
    }

    /// The repository's top folder (TestSupport's ``packageRootURL``).
    static let repository = packageRootURL
    /// The tests' Python (TestSupport's ``testPython``).
    static let python = testPython

    /// A new empty folder.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spconnect-instructions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What a finished tool run left behind.
struct ToolResult {
    let status: Int32
    let output: String
}

enum Tool {
    /// The full path of `name` on PATH, if it is there.
    static func path(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return Subprocess.which(name)
    }

    /// Runs `name ARGS…` (found on PATH) through TestSupport's runner, standard output and error
    /// together; records an issue when it is missing or does not finish in `timeout` seconds.
    /// `environment`: the child's whole environment (nil: the test process's).
    @discardableResult
    static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 120) throws -> ToolResult {
        guard let executable = path(name) else {
            Issue.record("\(name) is not on PATH; run scripts/deps.sh test")
            return ToolResult(status: -1, output: "")
        }
        let result = Subprocess.run(executable, arguments, environment: environment ?? [:], inheriting: environment == nil ? .everything : .nothing,
                                    combineOutput: true, timeout: timeout)
        return ToolResult(status: result.status, output: result.stdout)
    }
}
