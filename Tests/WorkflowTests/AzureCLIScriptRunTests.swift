import Foundation
import Testing
import Entra
import Vault
@testable import Workflow

/// Runs the rendered register-app.sh against scripts/fake_az.py, a stand-in for the Azure CLI
/// that keeps a tenant's applications, service principals, consents and site grants in a file.
@Suite struct AzureCLIScriptRunTests {
    static let tenantID = "11111111-2222-4333-8444-555555555555"
    static let appName = #"O'Brien's "reports" $HOME `id`"#

    struct Run {
        let folder: URL
        let script: URL
        var state: URL { folder.appendingPathComponent("state.json") }

        init(request: RequestRecord, roles: [AppRole] = AppRoleCatalog.all, sites: [String: String]) throws {
            folder = try Fixture.scratch()
            script = folder.appendingPathComponent("register-app.sh")
            try Fixture.render(request).azureCLI.write(to: script, atomically: true, encoding: .utf8)
            let bin = folder.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let fake = Fixture.repository.appendingPathComponent("scripts/fake_az.py").path
            try "#!/bin/sh\nexec python3 '\(fake)' \"$@\"\n".write(to: bin.appendingPathComponent("az"), atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("az").path)
            func principal(_ resource: ResourceAPI) -> [String: Any] {
                ["id": UUID().uuidString.lowercased(), "appId": resource.appID,
                 "appRoles": roles.filter { $0.resource == resource }.map { ["id": $0.id, "value": $0.name, "allowedMemberTypes": ["Application"]] }]
            }
            let state: [String: Any] = [
                "tenantId": AzureCLIScriptRunTests.tenantID, "loggedIn": false, "calls": [],
                "applications": [], "servicePrincipals": [principal(.sharePoint), principal(.microsoftGraph)],
                "appRoleAssignments": [],
                "sites": sites.mapValues { ["id": $0, "permissions": []] },
            ]
            try JSONSerialization.data(withJSONObject: state).write(to: self.state)
        }

        func run(failing: String? = nil) throws -> ToolResult {
            let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            var environment = ["PATH": folder.appendingPathComponent("bin").path + ":" + inherited, "FAKE_AZ_STATE": state.path]
            if let failing { environment["FAKE_AZ_FAIL"] = failing }
            let command = environment.map { "\($0.key)=\(ScriptQuoting.shell($0.value))" }.joined(separator: " ")
            return try Tool.run("bash", ["-c", "env -i \(command) bash \(ScriptQuoting.shell(script.path))"])
        }

        func load() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: state)) as! [String: Any]
        }

        func edit(_ change: (inout [String: Any]) -> Void) throws {
            var value = try load()
            change(&value)
            try JSONSerialization.data(withJSONObject: value).write(to: state)
        }
    }

    static let sites = ["contoso.sharepoint.com:/sites/Finance": "contoso.sharepoint.com,aaaa1111-0000-4000-8000-000000000001,bbbb2222-0000-4000-8000-000000000002",
                        "contoso.sharepoint.com:/teams/Project X": "contoso.sharepoint.com,cccc3333-0000-4000-8000-000000000003,dddd4444-0000-4000-8000-000000000004"]

    @Test func registersEverythingOnceAndASecondRunChangesNothing() throws {
        let run = try Run(request: Fixture.request(api: .both, appName: Self.appName), sites: Self.sites)
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let first = try run.run()
        #expect(first.status == 0, "\(first.output)")
        var state = try run.load()
        let apps = state["applications"] as! [[String: Any]]
        try #require(apps.count == 1)
        let app = apps[0]
        #expect(app["displayName"] as? String == Self.appName)
        #expect(app["signInAudience"] as? String == "AzureADMyOrg")
        let keys = app["keyCredentials"] as! [[String: Any]]
        #expect(keys.count == 1)
        #expect(keys.first?["customKeyIdentifier"] as? String == Data(Fixture.certificate.fingerprints.sha1).base64EncodedString())
        let clientID = app["appId"] as! String
        let principals = state["servicePrincipals"] as! [[String: Any]]
        let mine = try #require(principals.first { $0["appId"] as? String == clientID })
        let assignments = state["appRoleAssignments"] as! [[String: Any]]
        #expect(Set(assignments.compactMap { $0["appRoleId"] as? String }) == [AppRoleCatalog.sharePointSitesSelected.id, AppRoleCatalog.graphSitesSelected.id])
        #expect(assignments.allSatisfy { $0["principalId"] as? String == mine["id"] as? String })
        let grants = (state["sites"] as! [String: [String: Any]]).values.flatMap { $0["permissions"] as! [[String: Any]] }
        #expect(grants.count == 2)
        #expect(grants.allSatisfy { ($0["roles"] as? [String]) == ["write"] })
        let identity = (grants.first?["grantedToIdentities"] as? [[String: [String: String]]])?.first?["application"]
        #expect(identity == ["id": clientID, "displayName": Self.appName])
        #expect(first.output.contains("""
            ----- BEGIN SPCONNECT REPLY -----
            Request: SPC-7K3D-Q9XA
            Directory (tenant) ID: \(Self.tenantID)
            Application (client) ID: \(clientID)
            Certificate thumbprint: \(Fixture.certificate.fingerprints.thumbprint)
            ----- END SPCONNECT REPLY -----
            """))
        #expect(state["cloud"] as? String == "AzureCloud")
        #expect(state["loginTenant"] as? String == "contoso.onmicrosoft.com")

        let second = try run.run()
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("the certificate \(Fixture.certificate.fingerprints.thumbprint) is already there"))
        #expect(second.output.contains("already granted write"))
        state = try run.load()
        #expect((state["applications"] as! [[String: Any]]).count == 1)
        #expect(((state["applications"] as! [[String: Any]])[0]["keyCredentials"] as! [Any]).count == 1)
        #expect((state["appRoleAssignments"] as! [Any]).count == 2)
        #expect((state["servicePrincipals"] as! [Any]).count == 3)
        let calls = state["calls"] as! [String]
        #expect(calls.filter { $0.hasPrefix("POST") || $0.hasPrefix("PATCH") }.count == 1 + 1 + 2 + 2, "\(calls)")
    }

    @Test func anExistingAppKeepsItsKeysAndGetsTheCertificateAppended() throws {
        let run = try Run(request: Fixture.request(profile: .sitesReadAll), sites: [:])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        try run.edit { state in
            state["applications"] = [["id": "99999999-0000-4000-8000-000000000001", "appId": "99999999-0000-4000-8000-000000000002",
                                      "displayName": "contoso-reports", "signInAudience": "AzureADMyOrg", "requiredResourceAccess": [],
                                      "keyCredentials": [["keyId": "99999999-0000-4000-8000-000000000003", "key": "b2xkIGtleQ==",
                                                          "customKeyIdentifier": "T0xE", "type": "AsymmetricX509Cert", "usage": "Verify"]]]]
        }
        let result = try run.run()
        #expect(result.status == 0, "\(result.output)")
        let app = (try run.load()["applications"] as! [[String: Any]])[0]
        let keys = app["keyCredentials"] as! [[String: Any]]
        #expect(keys.map { $0["keyId"] as? String }.first == "99999999-0000-4000-8000-000000000003")
        #expect(keys.first?["key"] as? String == "b2xkIGtleQ==", "the old key was replaced")
        #expect(keys.count == 2)
        #expect(result.output.contains("Application (client) ID: 99999999-0000-4000-8000-000000000002"))
        let access = app["requiredResourceAccess"] as? [[String: Any]] ?? []
        let resourceAppID = access.first?["resourceAppId"] as? String
        #expect(resourceAppID == ResourceAPI.sharePoint.appID)
    }

    @Test func theFirstFailingStepStopsTheScriptAndIsNamed() throws {
        let run = try Run(request: Fixture.request(), sites: Self.sites)
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let result = try run.run(failing: "/appRoleAssignments")
        #expect(result.status != 0)
        #expect(result.output.contains("spconnect: FAILED at step: Grant admin consent: SharePoint Sites.Selected"))
        #expect(!result.output.contains("BEGIN SPCONNECT REPLY"))
        let grants = (try run.load()["sites"] as! [String: [String: Any]]).values.flatMap { $0["permissions"] as! [Any] }
        #expect(grants.isEmpty, "a later step ran")
    }

    @Test func aRoleWhoseIDDiffersInTheTenantIsNotGranted() throws {
        let wrong = AppRole(resource: .sharePoint, name: "Sites.Selected", id: "00000000-1111-4222-8333-444444444444")
        let run = try Run(request: Fixture.request(), roles: [wrong], sites: Self.sites)
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let result = try run.run()
        #expect(result.status != 0)
        #expect(result.output.contains("has the id 00000000-1111-4222-8333-444444444444 in this tenant, not 20d37865-089c-4dee-8c41-6967602d4ac8"))
        #expect((try run.load()["appRoleAssignments"] as! [Any]).isEmpty)
    }

    @Test func twoAppsWithTheSameNameStopTheScript() throws {
        let run = try Run(request: Fixture.request(profile: .sitesReadAll), sites: [:])
        defer { try? FileManager.default.removeItem(at: run.folder) }
        func twin() -> [String: Any] {
            ["id": UUID().uuidString, "appId": UUID().uuidString, "displayName": "contoso-reports",
             "keyCredentials": [Any](), "requiredResourceAccess": [Any](), "signInAudience": "AzureADMyOrg"]
        }
        try run.edit { state in state["applications"] = [twin(), twin()] }
        let result = try run.run()
        #expect(result.status == 1)
        #expect(result.output.contains("2 applications have this name"))
        #expect(result.output.contains("FAILED at step: Find or create the application"))
    }
}
