import Foundation
import Testing
import Certificates
import OpenSSLSupport
import Entra
import TestSupport
@testable import Workflow
import Domain

/// scripts/graph_sim.py (a loopback Entra ID + ARM + Microsoft Graph behind an HTTPS CONNECT
/// proxy) with the real Azure CLI signed in to it as the tenant's admin, for running the
/// rendered register-app.sh as an admin would.
final class TenantSimulator {
    static let tenantID = "11111111-2222-4333-8444-555555555555"
    static let directoryReadWriteAll = "19dbc75e-c2e2-444c-a770-ec69d8559fc7"
    static let sites = ["contoso.sharepoint.com:/sites/Finance": "contoso.sharepoint.com,aaaa1111-0000-4000-8000-000000000001,bbbb2222-0000-4000-8000-000000000002",
                        "contoso.sharepoint.com:/teams/Project X": "contoso.sharepoint.com,cccc3333-0000-4000-8000-000000000003,dddd4444-0000-4000-8000-000000000004"]

    let server: ScriptServer
    let folder: URL
    var config: String { folder.appendingPathComponent("az").path }

    /// A tenant holding Microsoft Graph's and SharePoint's service principals (with the catalog's
    /// roles and Directory.ReadWrite.All), the two sites, and whatever `edit` adds.
    init(edit: (inout [String: Any]) throws -> Void = { _ in }) throws {
        folder = try Fixture.scratch()
        var ids = SeededGenerator(seed: 0x7E4A_4751)
        func principal(_ resource: ResourceAPI, extra: [[String: Any]] = []) -> [String: Any] {
            ["id": ids.uuid().uuidString.lowercased(), "appId": resource.appID, "displayName": resource.portalName,
             "appRoles": AppRoleCatalog.all.filter { $0.resource == resource }.map { ["id": $0.id, "value": $0.name, "allowedMemberTypes": ["Application"]] } + extra]
        }
        let graphRoles = [["id": Self.directoryReadWriteAll, "value": "Directory.ReadWrite.All", "allowedMemberTypes": ["Application"]] as [String: Any]]
        var seed: [String: Any] = [
            "tenantId": Self.tenantID, "domains": ["contoso.onmicrosoft.com", "contoso.com"],
            "servicePrincipals": [principal(.sharePoint), principal(.microsoftGraph, extra: graphRoles)],
            "sites": Self.sites.mapValues { ["id": $0, "permissions": [Any]()] },
        ]
        try edit(&seed)
        let seedFile = folder.appendingPathComponent("seed.json")
        try JSONSerialization.data(withJSONObject: seed).write(to: seedFile)
        server = try ScriptServer("graph_sim.py", ["--seed", seedFile.path], label: "graph")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        let login = try az(["login", "--use-device-code", "--tenant", Self.tenantID, "--allow-no-subscriptions", "-o", "none"])
        try #require(login.status == 0, "az login against the simulator: \(login.output)")
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The environment the admin's shell has: the real az on PATH, its config folder, and the
    /// proxy that leads every Microsoft host to the simulator.
    var environment: [String: String] {
        ["PATH": testVirtualEnvironment + "/bin:/usr/bin:/bin", "HOME": folder.path, "AZURE_CONFIG_DIR": config,
         "REQUESTS_CA_BUNDLE": server.caFile, "HTTPS_PROXY": "http://127.0.0.1:\(server.port)", "NO_PROXY": "127.0.0.1,localhost",
         "AZURE_CORE_COLLECT_TELEMETRY": "false", "AZURE_CORE_SURVEY_MESSAGE": "false", "SPCONNECT_RETRY_SECONDS": "0"]
    }

    func az(_ arguments: [String]) throws -> ToolResult {
        try Tool.run(azureCLI, arguments, environment: environment, timeout: 300)
    }

    /// Runs `script` with bash, as the admin would, and returns its output.
    /// `confirm`: the client ID the admin confirms for an existing app (SPCONNECT_CONFIRM_CLIENT_ID).
    func run(_ script: String, name: String = "register-app.sh", confirm: String? = nil) throws -> ToolResult {
        let file = folder.appendingPathComponent(name)
        try script.write(to: file, atomically: true, encoding: .utf8)
        var environment = environment
        if let confirm { environment["SPCONNECT_CONFIRM_CLIENT_ID"] = confirm }
        let result = try Tool.run("bash", [file.path], environment: environment, timeout: 600)
        if let transcripts = ProcessInfo.processInfo.environment["SPCONNECT_TRANSCRIPT_DIR"] {
            let out = URL(fileURLWithPath: transcripts).appendingPathComponent("\(name).\(UUID().uuidString.prefix(8)).txt")
            try? ("$ bash ./\(name)\n" + result.output + "(exit \(result.status))\n").write(to: out, atomically: true, encoding: .utf8)
        }
        return result
    }

    /// The tenant as the simulator holds it now.
    func state() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: server.state + "/tenant.json"))) as! [String: Any]
    }

    var applications: [[String: Any]] { get throws { try state()["applications"] as? [[String: Any]] ?? [] } }

    /// Every request the simulator received: method, host, path, query.
    func requests() throws -> [(method: String, host: String, path: String, query: String)] {
        let text = try String(contentsOfFile: server.state + "/requests.jsonl", encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let entry = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return (entry["method"] as! String, entry["host"] as! String, entry["path"] as! String, entry["query"] as! String)
        }
    }

    /// Makes the next `times` requests of `method` whose path contains `path` fail with a Graph 500.
    func fail(_ method: String, _ path: String, times: Int = 1) throws {
        let faults: [[String: Any]] = [["method": method, "path": path, "status": 500, "times": times]]
        try JSONSerialization.data(withJSONObject: faults).write(to: URL(fileURLWithPath: server.state + "/faults.json"))
    }

    /// Makes the next PATCH of an application's keyCredentials lose the first key (a scripted fault:
    /// no real Graph is known to do this; it lets a test reach the scripts' "key missing" stop).
    func dropKeyOnNextPatch() throws {
        let faults: [[String: Any]] = [["method": "PATCH", "path": "/v1.0/applications/", "drop_key": true, "times": 1]]
        try JSONSerialization.data(withJSONObject: faults).write(to: URL(fileURLWithPath: server.state + "/faults.json"))
    }

    /// The service principal's appRoleAssignments of the app `clientID`.
    func assignments(of clientID: String) throws -> [[String: Any]] {
        let state = try state()
        let principal = (state["servicePrincipals"] as! [[String: Any]]).first { $0["appId"] as? String == clientID }
        return (state["appRoleAssignments"] as? [[String: Any]] ?? []).filter { $0["principalId"] as? String == principal?["id"] as? String }
    }

    /// A certificate the tenant already knows, as a Graph keyCredential as stored.
    static func storedKey(_ certificate: X509Certificate, keyID: String) -> [String: Any] {
        ["keyId": keyID, "key": Data(certificate.der).base64EncodedString(), "type": "AsymmetricX509Cert", "usage": "Verify",
         "displayName": certificate.subject, "customKeyIdentifier": Data(certificate.fingerprints.sha1).base64EncodedString(),
         "endDateTime": ISO8601.string(certificate.notAfter)]
    }
}
