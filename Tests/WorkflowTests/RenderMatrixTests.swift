import Foundation
import Testing
import Common
import Entra
@testable import Workflow
import Domain

/// Every permission profile × cloud × API renders, and what it renders carries the right
/// role IDs, resource IDs, hosts, certificate, thumbprint and request ID.
@Suite struct RenderMatrixTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let profile: PermissionProfile
        let cloud: Cloud
        let api: APITarget
        var testDescription: String { "\(profile.rawValue) \(cloud.rawValue) \(api.rawValue)" }
    }

    static let cases: [Case] = PermissionProfile.allCases.flatMap { profile in
        Cloud.allCases.flatMap { cloud in APITarget.allCases.map { Case(profile: profile, cloud: cloud, api: $0) } }
    }

    @Test(arguments: cases)
    func rendersWithTheRightIdentifiers(_ item: Case) throws {
        let request = Fixture.request(profile: item.profile, cloud: item.cloud, api: item.api)
        let set = try Fixture.render(request)
        let prints = Fixture.certificate.fingerprints
        let certificateBase64 = Base64.encode(Fixture.certificate.der)
        let roles = item.profile.appRoles(for: item.api)
        let otherRoles = AppRoleCatalog.all.filter { !roles.contains($0) }

        for (name, script) in [("powershell", set.powershell), ("azcli", set.azureCLI)] {
            for role in roles {
                #expect(script.contains(role.id), "\(name) lacks \(role.name) \(role.id)")
                #expect(script.contains(role.resource.appID), "\(name) lacks \(role.resource.appID)")
            }
            for role in otherRoles {
                #expect(!script.contains(role.id), "\(name) carries \(role.resource) \(role.name), not asked for")
            }
            #expect(script.contains(certificateBase64), "\(name) lacks the certificate")
            #expect(script.contains(prints.thumbprint))
            #expect(script.contains("SPC-7K3D-Q9XA"))
            for site in request.sites {
                #expect(script.contains(site) == item.profile.needsSiteGrants, "\(name): site \(site)")
            }
            // The role as a quoted value: asked for, or (PowerShell) the delegated scope for the site grants.
            #expect(script.contains("'Sites.FullControl.All'") == (item.profile == .sitesFullControlAll || item.profile.needsSiteGrants && name == "powershell"))
        }
        #expect(set.powershell.contains("$Environment = '\(item.cloud.graphPowerShellEnvironment)'"))
        #expect(set.azureCLI.contains("AZ_CLOUD='\(item.cloud.azureCLICloudName)'"))
        #expect(set.azureCLI.contains("GRAPH='https://\(item.cloud.graphHost)'"))
        // No other cloud's Graph host leaks in.
        for other in Cloud.allCases where other.graphHost != item.cloud.graphHost {
            #expect(!set.azureCLI.contains("//" + other.graphHost))
            #expect(!set.text.contains("//" + other.graphHost + "/"))
        }
        #expect(set.text.contains(item.cloud.adminCenterURL))
        #expect(set.html.contains(item.cloud.adminCenterURL))
        #expect(set.text.contains(prints.thumbprint) && set.html.contains(prints.thumbprint))
        #expect(set.html.contains(prints.sha256Fingerprint))
        #expect(set.subject.contains("SPC-7K3D-Q9XA"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(set.manifest.utf8)) as? [String: Any])
        let graph = try #require(json["keyCredential"] as? [String: String])
        #expect(json["manifestKeyCredential"] == nil, "the legacy manifest entry is back")
        #expect(graph["key"] == certificateBase64)
        #expect(graph["type"] == "AsymmetricX509Cert" && graph["usage"] == "Verify")
        #expect(set.azureCLI.contains(graph["keyId"]!) && set.powershell.contains(graph["keyId"]!))
    }

    @Test func fileNamesCarryTheRequestID() throws {
        let set = try Fixture.render(Fixture.request(appName: "Contoso Reports / 2026"))
        #expect(set.certificateFileName == "Contoso-Reports-2026-SPC-7K3D-Q9XA.pem")
        // A default app name ends with the request ID already: it is not written twice.
        let defaultName = try Fixture.render(Fixture.request(appName: "spconnect-contoso SPC-7K3D-Q9XA"))
        #expect(defaultName.certificateFileName == "spconnect-contoso-SPC-7K3D-Q9XA.pem")
        #expect(set.powershellFileName == "register-app-SPC-7K3D-Q9XA.ps1")
        #expect(set.powershellAttachmentName == "register-app-SPC-7K3D-Q9XA.ps1.txt")
        #expect(set.certificatePEM == Fixture.certificate.pem)
        #expect(set.azureCLIFileName == "register-app-SPC-7K3D-Q9XA.sh")
        #expect(set.manifestFileName == "keycredential-SPC-7K3D-Q9XA.json")
        #expect(set.certificateDER == Fixture.certificate.der)
        #expect(set.text.contains(set.certificateFileName))
    }

    @Test func renderingTwiceGivesTheSameResult() throws {
        let request = Fixture.request(api: .both)
        #expect(try Fixture.render(request) == (try Fixture.render(request)))
    }

    @Test func aRequestThatNoLongerParsesIsRefused() {
        // A record cannot hold an unknown cloud: the store refuses to read one
        // (VaultTests, StoredChoiceTests), so rendering never meets it.
        var request = Fixture.request(sites: [])
        #expect(throws: WorkflowError(.invalidRequest, "")) { try Fixture.render(request) }
        request = Fixture.request(cloud: .usgov, sites: ["https://contoso.sharepoint.com/sites/a"])
        #expect(throws: WorkflowError(.invalidRequest, "")) { try Fixture.render(request) }
        request = Fixture.request()
        request.thumbprint = String(repeating: "A", count: 40)
        #expect(throws: WorkflowError(.invalidRequest, "")) { try Fixture.render(request) }
    }
}
