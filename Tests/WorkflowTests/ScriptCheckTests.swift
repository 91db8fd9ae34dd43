import Foundation
import Testing
import Entra
@testable import Workflow

/// The rendered scripts pass their languages' checkers, and no requester-supplied value can
/// break out of its literal.
@Suite struct ScriptCheckTests {
    /// Every profile × cloud × API, plus hostile values, written to a scratch folder.
    static func renderAll() throws -> (folder: URL, shell: [String], powershell: [String]) {
        let folder = try Fixture.scratch()
        var shell: [String] = []
        var powershell: [String] = []
        var requests = RenderMatrixTests.cases.map { Fixture.request(profile: $0.profile, cloud: $0.cloud, api: $0.api) }
        requests.append(Fixture.request(api: .both, appName: Fixture.hostileAppName, sites: [Fixture.hostileSite], tenant: "contoso'$(id).onmicrosoft.com"))
        for (index, request) in requests.enumerated() {
            let set = try Fixture.render(request)
            let sh = folder.appendingPathComponent("register-app-\(index).sh")
            let ps = folder.appendingPathComponent("register-app-\(index).ps1")
            try set.azureCLI.write(to: sh, atomically: true, encoding: .utf8)
            try set.powershell.write(to: ps, atomically: true, encoding: .utf8)
            shell.append(sh.path)
            powershell.append(ps.path)
        }
        return (folder, shell, powershell)
    }

    @Test func bashParsesEveryAzureCLIScript() throws {
        let (folder, shell, _) = try Self.renderAll()
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in shell {
            let result = try Tool.run("bash", ["-n", path])
            #expect(result.status == 0, "\(path): \(result.output)")
        }
    }

    @Test func shellcheckPassesEveryAzureCLIScript() throws {
        let (folder, shell, _) = try Self.renderAll()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Tool.run("shellcheck", ["--shell=bash", "--severity=style"] + shell)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func everyPowerShellScriptParsesAndAssignsBeforeUse() throws {
        let (folder, _, powershell) = try Self.renderAll()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checker = Fixture.repository.appendingPathComponent("scripts/check_powershell.py").path
        let result = try Tool.run("python3", [checker] + powershell)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func hostileValuesStayInsideTheirPowerShellLiterals() throws {
        let folder = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = try Fixture.render(Fixture.request(api: .both, appName: Fixture.hostileAppName, sites: [Fixture.hostileSite]))
        let path = folder.appendingPathComponent("hostile.ps1")
        try set.powershell.write(to: path, atomically: true, encoding: .utf8)
        let checker = Fixture.repository.appendingPathComponent("scripts/check_powershell.py").path
        let result = try Tool.run("python3", [checker, "--value", Fixture.hostileAppName, "--value", Fixture.hostileSite, path.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(set.powershell.contains(ScriptQuoting.powerShell(Fixture.hostileAppName)))
    }

    /// bash evaluates the script's own assignments and calls: every value comes out exactly as
    /// typed, and nothing in them runs.
    @Test func bashReadsTheHostileValuesBackExactly() throws {
        let folder = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = folder.appendingPathComponent("pwned").path
        let appName = Fixture.hostileAppName.replacingOccurrences(of: "/tmp/spconnect-pwned", with: marker)
        let site = Fixture.hostileSite.replacingOccurrences(of: "$(id)", with: "$(touch \(marker))")
        let set = try Fixture.render(Fixture.request(appName: appName, sites: [site]))
        let lines = set.azureCLI.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let assignments = lines.filter { $0.range(of: #"^[A-Z_]+="#, options: .regularExpression) != nil }
        let calls = lines.filter { $0.hasPrefix("grant_site ") || $0.hasPrefix("assign_role ") }
        let probe = folder.appendingPathComponent("probe.sh")
        try (assignments + [
            "grant_site() { printf 'site=%s|path=%s\\n' \"$1\" \"$2\"; }",
            "assign_role() { printf 'role=%s|%s|%s|%s\\n' \"$1\" \"$2\" \"$3\" \"$4\"; }",
            "printf 'app=%s\\n' \"$APP_NAME_JSON\"",
            "printf 'filter=%s\\n' \"$APP_FILTER\"",
        ] + calls).joined(separator: "\n").write(to: probe, atomically: true, encoding: .utf8)
        let result = try Tool.run("bash", [probe.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("app=" + ScriptQuoting.json(appName) + "\n"))
        #expect(result.output.contains("site=\(site)|path="))
        #expect(result.output.contains("role='SharePoint'") == false)
        #expect(result.output.contains("role=SharePoint|00000003-0000-0ff1-ce00-000000000000|Sites.Selected|20d37865-089c-4dee-8c41-6967602d4ac8"))
        #expect(!FileManager.default.fileExists(atPath: marker), "a value ran as code")
        // The $filter finds the app by its exact name: OData-quoted, then URL-encoded.
        let filter = result.output.split(separator: "\n").first { $0.hasPrefix("filter=") }.map { String($0.dropFirst(7)) } ?? ""
        #expect(filter.removingPercentEncoding == "displayName eq " + ScriptQuoting.odata(appName))
    }

    @Test func quotingFunctions() throws {
        #expect(ScriptQuoting.shell("a'b") == #"'a'\''b'"#)
        #expect(ScriptQuoting.shell("") == "''")
        #expect(ScriptQuoting.powerShell("it's ‘x’") == "'it''s ‘‘x’’'")
        #expect(ScriptQuoting.json("a\"b\\c\n<é>") == #""a\"b\\c\n\u003c\u00e9\u003e""#)
        #expect(ScriptQuoting.odata("O'Brien") == "'O''Brien'")
        #expect(ScriptQuoting.urlQueryComponent("a b'$&") == "a%20b%27%24%26")
        // bash gives back exactly what was quoted, whatever it holds.
        for value in ["plain", "a'b", "$(id) `id` ${HOME} \\ ; | & > < * ? ~", "line\nbreak", "'", "''", "é€😀"] {
            let result = try Tool.run("bash", ["-c", "printf '%s' " + ScriptQuoting.shell(value)])
            #expect(result.output == value)
        }
    }
}
