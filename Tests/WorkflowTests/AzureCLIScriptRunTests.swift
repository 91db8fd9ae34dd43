import Foundation
import Testing
import OpenSSLSupport
import Entra
import Vault
@testable import Workflow
import Domain

/// Runs the rendered register-app.sh with the real Azure CLI against scripts/graph_sim.py, a
/// loopback tenant that behaves as Microsoft documents (key data only on a single-object $select,
/// PATCH replacing the key list, the Azure CLI's token refused for site permissions, a new app
/// invisible to service principal creation at first), and checks what happened to the tenant.
@Suite(.serialized) struct AzureCLIScriptRunTests {
    static let appName = #"O'Brien's "reports" $HOME `id`"#

    static func script(_ request: RequestRecord) throws -> String { try Fixture.render(request).azureCLI }

    static func replyBlock(clientID: String, objectID: String, requestID: String = "SPC-7K3D-Q9XA") -> String {
        """
        ----- BEGIN SPCONNECT REPLY -----
        Request: \(requestID)
        Directory (tenant) ID: \(TenantSimulator.tenantID)
        Application (client) ID: \(clientID)
        Object ID: \(objectID)
        Certificate thumbprint: \(Fixture.certificate.fingerprints.thumbprint)
        ----- END SPCONNECT REPLY -----
        """
    }

    @Test func aFreshRunDoesEveryStepItCanAndSaysWhatRemainsAndARerunChangesNothing() throws {
        let tenant = try TenantSimulator()
        let request = Fixture.request(api: .both, appName: Self.appName)
        let first = try tenant.run(try Self.script(request))
        #expect(first.status == 0, "\(first.output)")
        let apps = try tenant.applications
        try #require(apps.count == 1)
        let app = apps[0]
        #expect(app["displayName"] as? String == Self.appName)
        #expect(app["tags"] as? [String] == ["spconnect:SPC-7K3D-Q9XA"])
        #expect(app["signInAudience"] as? String == "AzureADMyOrg")
        #expect((app["keyCredentials"] as? [[String: Any]])?.map { $0["customKeyIdentifier"] as? String }
            == [Data(Fixture.certificate.fingerprints.sha1).base64EncodedString()])
        let access = app["requiredResourceAccess"] as? [[String: Any]] ?? []
        #expect(Set(access.compactMap { $0["resourceAppId"] as? String }) == [ResourceAPI.sharePoint.appID, ResourceAPI.microsoftGraph.appID])
        let clientID = try #require(app["appId"] as? String)
        let objectID = try #require(app["id"] as? String)
        // The simulator refuses the first service principal creation while the app "replicates".
        #expect(first.output.contains("not visible yet (directory replication)"))
        #expect(Set(try tenant.assignments(of: clientID).compactMap { $0["appRoleId"] as? String })
            == [AppRoleCatalog.sharePointSitesSelected.id, AppRoleCatalog.graphSitesSelected.id])
        // The Azure CLI's token holds no Sites.FullControl.All: the grants are refused, the reply
        // block is printed, and the remaining step is named with its command.
        let grants = (try tenant.state()["sites"] as! [String: [String: Any]]).values.flatMap { $0["permissions"] as! [Any] }
        #expect(grants.isEmpty)
        #expect(first.output.contains("Forbidden") || first.output.contains("accessDenied"), "\(first.output)")
        #expect(first.output.contains(Self.replyBlock(clientID: clientID, objectID: objectID)), "\(first.output)")
        #expect(first.output.contains("STILL TO DO: the application has no role on these sites yet:\n  https://contoso.sharepoint.com/sites/Finance\n  https://contoso.sharepoint.com/teams/Project X\n"))
        #expect(first.output.contains("pwsh -File ./register-app-SPC-7K3D-Q9XA.ps1 -SiteGrantsOnly -ClientId \(clientID)"))
        // Signed in already (the tenant was given as a domain): the script does not sign in again.
        #expect(try tenant.requests().filter { $0.path.hasSuffix("/devicecode") }.count == 1)

        // A rerun from another selected cloud: nothing new in the tenant, and the admin's cloud is back.
        #expect(try tenant.az(["cloud", "set", "--name", "AzureUSGovernment"]).status == 0)
        let before = try tenant.requests().count
        let second = try tenant.run(try Self.script(request))
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("found application \(clientID) (object ID \(objectID)), tagged spconnect:SPC-7K3D-Q9XA"))
        #expect(second.output.contains("the certificate \(Fixture.certificate.fingerprints.thumbprint) is there"))
        #expect(second.output.contains(Self.replyBlock(clientID: clientID, objectID: objectID)))
        let changes = try tenant.requests().dropFirst(before).filter { $0.host == "graph.microsoft.com" && $0.method != "GET" }
        #expect(changes.isEmpty, "\(changes)")
        #expect(try tenant.applications.count == 1)
        #expect(try tenant.az(["cloud", "show", "--query", "name", "-o", "tsv"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "AzureUSGovernment")
    }

    @Test func anExistingForeignAppOfTheSameNameIsNeverChanged() throws {
        let foreignKey = TenantSimulator.storedKey(Fixture.otherCertificate, keyID: "99999999-0000-4000-8000-000000000003")
        let tenant = try TenantSimulator { seed in
            seed["applications"] = [["id": "99999999-0000-4000-8000-000000000001", "appId": "99999999-0000-4000-8000-000000000002",
                                     "displayName": "contoso-reports", "signInAudience": "AzureADMyOrg", "tags": [String](),
                                     "requiredResourceAccess": [Any](), "keyCredentials": [foreignKey]]]
            var principals = seed["servicePrincipals"] as! [[String: Any]]
            let graph = principals[1]["id"] as! String
            principals.append(["id": "99999999-0000-4000-8000-000000000004", "appId": "99999999-0000-4000-8000-000000000002",
                               "displayName": "contoso-reports", "appRoles": [Any]()])
            seed["servicePrincipals"] = principals
            seed["appRoleAssignments"] = [["id": "assignment-1", "principalId": "99999999-0000-4000-8000-000000000004",
                                           "resourceId": graph, "appRoleId": TenantSimulator.directoryReadWriteAll]]
        }
        let before = try tenant.state()
        let result = try tenant.run(try Self.script(Fixture.request()), name: "register-app-foreign.sh")
        #expect(result.status == 1)
        #expect(result.output.contains("An application with this name exists and is not the one of request SPC-7K3D-Q9XA. It is left unchanged:"))
        #expect(result.output.contains("client ID: 99999999-0000-4000-8000-000000000002; object ID: 99999999-0000-4000-8000-000000000001"))
        #expect(result.output.contains("permission granted: Microsoft Graph Directory.ReadWrite.All (application)"), "\(result.output)")
        #expect(result.output.contains("FAILED at step: Find the application of this request"))
        #expect(!result.output.contains("BEGIN SPCONNECT REPLY"))
        let after = try tenant.state()
        #expect(NSDictionary(dictionary: after).isEqual(to: before), "the tenant changed")
        #expect(try tenant.requests().filter { $0.host == "graph.microsoft.com" && $0.method != "GET" }.isEmpty)
    }

    /// Anyone can register an app and tag it `spconnect:<request ID>` (the ID is in the email's
    /// subject): a tagged app that is multi-tenant, or lacks the certificate, or has another owner,
    /// is described and left alone, and nothing is written to Graph.
    @Test func aTaggedAppOfSomeoneElseIsNeverTaken() throws {
        let squatter = "55555555-0000-4000-8000-0000000000ff"
        let variants: [(audience: String, keys: [[String: Any]], reason: String)] = [
            ("AzureADMultipleOrgs", [TenantSimulator.storedKey(Fixture.otherCertificate, keyID: "55555555-0000-4000-8000-000000000003")],
             "it is not single tenant (signInAudience AzureADMultipleOrgs)"),
            ("AzureADMyOrg", [TenantSimulator.storedKey(Fixture.otherCertificate, keyID: "55555555-0000-4000-8000-000000000003")],
             "it does not hold the certificate of this request"),
            // The requester's public certificate copied in: still another owner's app.
            ("AzureADMyOrg", [TenantSimulator.storedKey(Fixture.certificate, keyID: "55555555-0000-4000-8000-000000000003")],
             "it has 1 owner(s) other than you"),
        ]
        for variant in variants {
            let tenant = try TenantSimulator { seed in
                seed["applications"] = [["id": "55555555-0000-4000-8000-000000000001", "appId": "55555555-0000-4000-8000-000000000002",
                                         "displayName": "contoso-reports", "signInAudience": variant.audience, "tags": ["spconnect:SPC-7K3D-Q9XA"],
                                         "requiredResourceAccess": [Any](), "keyCredentials": variant.keys]]
                seed["owners"] = ["55555555-0000-4000-8000-000000000001": [squatter]]
            }
            let before = try tenant.state()
            let result = try tenant.run(try Self.script(Fixture.request(api: .both)))
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("An application carries the tag spconnect:SPC-7K3D-Q9XA but is not the one of request SPC-7K3D-Q9XA: \(variant.reason). It is left unchanged:"), "\(result.output)")
            #expect(result.output.contains("client ID: 55555555-0000-4000-8000-000000000002; object ID: 55555555-0000-4000-8000-000000000001"))
            #expect(result.output.contains("FAILED at step: Find the application of this request"))
            #expect(!result.output.contains("BEGIN SPCONNECT REPLY"))
            #expect(NSDictionary(dictionary: try tenant.state()).isEqual(to: before), "the tenant changed")
            #expect(try tenant.requests().filter { $0.host == "graph.microsoft.com" && $0.method != "GET" }.isEmpty)
        }
    }

    /// A key lost by the update (a scripted simulator fault) stops the script before anything else,
    /// naming the missing key and the keys there were.
    @Test func aKeyMissingAfterTheUpdateStopsTheScript() throws {
        let keys = [TenantSimulator.storedKey(Fixture.otherCertificate, keyID: "66666666-0000-4000-8000-000000000001")]
        let tenant = try TenantSimulator { seed in
            seed["applications"] = [["id": "66666666-0000-4000-8000-00000000000a", "appId": "66666666-0000-4000-8000-00000000000b",
                                     "displayName": "reports", "signInAudience": "AzureADMyOrg", "tags": [String](),
                                     "requiredResourceAccess": [Any](), "keyCredentials": keys]]
        }
        var request = Fixture.request(profile: .sitesReadAll)
        request.clientID = "66666666-0000-4000-8000-00000000000b"
        try tenant.dropKeyOnNextPatch()
        let result = try tenant.run(try Self.script(request), confirm: "66666666-0000-4000-8000-00000000000b")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("After the update the key 66666666-0000-4000-8000-000000000001 is missing from the application. Its keys before the update were:\n66666666-0000-4000-8000-000000000001\n"), "\(result.output)")
        #expect(result.output.contains("FAILED at step: Add the certificate, keeping every key"))
        #expect(!result.output.contains("BEGIN SPCONNECT REPLY"))
        #expect(try tenant.requests().filter { $0.method == "POST" && $0.path.contains("servicePrincipals") }.isEmpty)
    }

    /// The reply's thumbprint is what Graph reports for the key holding this certificate: a key whose
    /// customKeyIdentifier is another value (Graph takes one given at upload) stops the script.
    @Test func theThumbprintInTheReplyIsTheOneGraphHolds() throws {
        var key = TenantSimulator.storedKey(Fixture.certificate, keyID: "44444444-0000-4000-8000-000000000003")
        key["customKeyIdentifier"] = Data(Fixture.otherCertificate.fingerprints.sha1).base64EncodedString()
        let tenant = try TenantSimulator { seed in
            seed["applications"] = [["id": "44444444-0000-4000-8000-00000000000a", "appId": "44444444-0000-4000-8000-00000000000b",
                                     "displayName": "reports", "signInAudience": "AzureADMyOrg", "tags": ["spconnect:SPC-7K3D-Q9XA"],
                                     "requiredResourceAccess": [Any](), "keyCredentials": [key]]]
            seed["owners"] = ["44444444-0000-4000-8000-00000000000a": [String]()]
        }
        let result = try tenant.run(try Self.script(Fixture.request(profile: .sitesReadAll)))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("Microsoft Graph does not report the certificate \(Fixture.certificate.fingerprints.thumbprint) on the application: its key for this certificate has the identifier \(Fixture.otherCertificate.fingerprints.thumbprint)."), "\(result.output)")
        #expect(!result.output.contains("BEGIN SPCONNECT REPLY"))
        #expect(try tenant.requests().filter { $0.host == "graph.microsoft.com" && $0.method != "GET" }.isEmpty)
    }

    @Test func twoRequestsWithTheSameAppNameGetOneAppEachOrAStop() throws {
        let tenant = try TenantSimulator()
        let first = try tenant.run(try Self.script(Fixture.request(profile: .sitesReadAll)))
        #expect(first.status == 0, "\(first.output)")
        var second = Fixture.request(profile: .sitesReadAll)
        second.id = "SPC-2NDR-EQST"
        let run = try tenant.run(try Self.script(second))
        #expect(run.status == 1)
        #expect(run.output.contains("; tags: spconnect:SPC-7K3D-Q9XA"), "\(run.output)")
        let apps = try tenant.applications
        #expect(apps.count == 1)
        #expect((apps.first?["keyCredentials"] as? [Any])?.count == 1)
        #expect(apps.first?["tags"] as? [String] == ["spconnect:SPC-7K3D-Q9XA"])
        // With default names (which carry the request ID) the two requests get one app each.
        var third = Fixture.request(profile: .sitesReadAll, appName: "spconnect-contoso SPC-3RDR-EQST")
        third.id = "SPC-3RDR-EQST"
        #expect(try tenant.run(try Self.script(third)).status == 0)
        #expect(Set(try tenant.applications.compactMap { ($0["tags"] as? [String])?.first }) == ["spconnect:SPC-7K3D-Q9XA", "spconnect:SPC-3RDR-EQST"])
    }

    @Test func anAppNamedByClientIDKeepsItsTwoKeysWithTheirData() throws {
        let keys = [TenantSimulator.storedKey(Fixture.otherCertificate, keyID: "77777777-0000-4000-8000-000000000001"),
                    TenantSimulator.storedKey(Fixture.thirdCertificate, keyID: "77777777-0000-4000-8000-000000000002")]
        let tenant = try TenantSimulator { seed in
            seed["applications"] = [["id": "77777777-0000-4000-8000-00000000000a", "appId": "77777777-0000-4000-8000-00000000000b",
                                     "displayName": "reports (2025)", "signInAudience": "AzureADMyOrg", "tags": ["team:finance"],
                                     "requiredResourceAccess": [["resourceAppId": ResourceAPI.microsoftGraph.appID,
                                                                 "resourceAccess": [["id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"]]]],
                                     "keyCredentials": keys]]
        }
        var request = Fixture.request(profile: .sitesReadAll)
        request.clientID = "77777777-0000-4000-8000-00000000000b"
        // Unattended and unconfirmed: shown, then nothing changed.
        let before = try tenant.state()
        let refused = try tenant.run(try Self.script(request))
        #expect(refused.status == 1)
        #expect(refused.output.contains("key 77777777-0000-4000-8000-000000000002"))
        #expect(refused.output.contains("Not confirmed: nothing was changed."))
        #expect(NSDictionary(dictionary: try tenant.state()).isEqual(to: before), "the tenant changed")
        let result = try tenant.run(try Self.script(request), confirm: "77777777-0000-4000-8000-00000000000B")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("the request names the existing application 77777777-0000-4000-8000-00000000000b; it holds, before any change:"))
        #expect(result.output.contains("key 77777777-0000-4000-8000-000000000001"))
        #expect(result.output.contains("key 77777777-0000-4000-8000-000000000002"))
        #expect(result.output.contains("added the certificate \(Fixture.certificate.fingerprints.thumbprint) next to 2 other key(s); all of them are there"))
        let app = try #require(try tenant.applications.first)
        let stored = app["keyCredentials"] as! [[String: Any]]
        #expect(stored.count == 3)
        for key in keys {
            #expect(stored.first { $0["keyId"] as? String == key["keyId"] as? String }?["key"] as? String == key["key"] as? String)
        }
        #expect(app["tags"] as? [String] == ["team:finance", "spconnect:SPC-7K3D-Q9XA"])
        let access = app["requiredResourceAccess"] as! [[String: Any]]
        let graph = access.first { $0["resourceAppId"] as? String == ResourceAPI.microsoftGraph.appID }
        #expect((graph?["resourceAccess"] as? [[String: Any]])?.count == 1, "the Graph entry was changed")
        #expect(access.contains { $0["resourceAppId"] as? String == ResourceAPI.sharePoint.appID })
        #expect(result.output.contains("Object ID: 77777777-0000-4000-8000-00000000000a"))
    }

    @Test func aRerunAfterAFailureAtEachStepFinishesWithOneAppAndOneKey() throws {
        let tenant = try TenantSimulator()
        let script = try Self.script(Fixture.request(profile: .sitesReadAll))
        let faults: [(String, String, String)] = [
            ("GET", "/v1.0/applications", "Find the application of this request"),
            ("POST", "/v1.0/applications", "Find the application of this request"),
            ("PATCH", "/v1.0/applications/", "Record the API permissions on the application"),
            ("POST", "/v1.0/servicePrincipals", "Find or create the service principal"),
            ("POST", "/appRoleAssignments", "Grant admin consent: SharePoint Sites.Read.All"),
        ]
        for (method, path, step) in faults {
            try tenant.fail(method, path)
            let failed = try tenant.run(script)
            #expect(failed.status != 0)
            #expect(failed.output.contains("spconnect: FAILED at step: \(step)"), "\(failed.output)")
            #expect(!failed.output.contains("BEGIN SPCONNECT REPLY"))
        }
        let last = try tenant.run(script)
        #expect(last.status == 0, "\(last.output)")
        let apps = try tenant.applications
        #expect(apps.count == 1)
        #expect((apps.first?["keyCredentials"] as? [Any])?.count == 1)
        let clientID = try #require(apps.first?["appId"] as? String)
        #expect(try tenant.assignments(of: clientID).map { $0["appRoleId"] as? String } == [AppRoleCatalog.sharePointSitesReadAll.id])
        #expect(last.output.contains("Application (client) ID: \(clientID)"))
    }

    @Test func aCertificateValidForMoreThanAYearStopsBeforeAnyChange() throws {
        let certificate = Fixture.longCertificate
        var request = Fixture.request(profile: .sitesReadAll)
        request.certificate = Data(certificate.der)
        request.thumbprint = certificate.fingerprints.thumbprint
        let script = try InstructionRenderer.render(request: request, certificate: certificate, templates: .shipped).azureCLI
        let tenant = try TenantSimulator()
        let before = try tenant.requests().count
        let result = try tenant.run(script)
        #expect(result.status == 1)
        #expect(result.output.contains("This request's certificate is valid for 400 days. Microsoft Graph, which this script uses, refuses"))
        #expect(result.output.contains("Ask the requester for a new request with --days 365 or less."))
        #expect(result.output.contains("FAILED at step: Check the request"))
        #expect(try tenant.requests().count == before, "the script called the tenant")
    }
}
