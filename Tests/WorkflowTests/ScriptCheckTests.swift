import Foundation
import Testing
import Entra
import TestSupport
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
            try Data(set.powershellFileBytes).write(to: ps)
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
        let result = try Tool.run(testPython, [checker] + powershell)
        #expect(result.status == 0, "\(result.output)")
    }

    /// The checker's PSScriptAnalyzer-style rules catch what they are for.
    @Test func thePowerShellCheckerRefusesWhatWindowsPowerShellCannotRun() throws {
        let folder = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try Fixture.render(Fixture.request()).powershell
        let checker = Fixture.repository.appendingPathComponent("scripts/check_powershell.py").path
        let cases: [(String, [UInt8], String)] = [
            ("no-bom", Array(good.utf8), "no UTF-8 byte order mark"),
            ("coalesce", [0xEF, 0xBB, 0xBF] + Array(good.replacingOccurrences(of: "$RetrySeconds = 10", with: "$RetrySeconds = $null ?? 10").utf8), "PowerShell 7 only: ?? (null-coalescing)"),
            ("chain", [0xEF, 0xBB, 0xBF] + Array(good.replacingOccurrences(of: "Import-Module Microsoft.Graph.Authentication", with: "Import-Module Microsoft.Graph.Authentication && Get-Date").utf8), "PowerShell 7 only: && (pipeline chain)"),
            ("strict", [0xEF, 0xBB, 0xBF] + Array(good.replacingOccurrences(of: "Set-StrictMode -Version 3.0", with: "").utf8), "Set-StrictMode missing"),
        ]
        for (name, bytes, expected) in cases {
            let path = folder.appendingPathComponent("\(name).ps1")
            try Data(bytes).write(to: path)
            let result = try Tool.run(testPython, [checker, path.path])
            #expect(result.status == 1 && result.output.contains(expected), "\(name): \(result.output)")
        }
        // Strings are blanked at the offsets of the BOM-less text the grammar parsed: a string
        // ending in "&&" in a file with a BOM is not taken for a pipeline chain.
        let quoted = folder.appendingPathComponent("quoted.ps1")
        try Data([0xEF, 0xBB, 0xBF] + Array(good.replacingOccurrences(of: "$RetrySeconds = 10", with: "$RetrySeconds = 10\n$Chain = \"a &&\"\nWrite-Host $Chain").utf8)).write(to: quoted)
        let clean = try Tool.run(testPython, [checker, quoted.path])
        #expect(clean.status == 0, "\(clean.output)")
    }

    /// Both scripts send the same Microsoft Graph requests: every (method, URL) the bash script
    /// sends through `graph` is one the PowerShell script sends through `Invoke-Graph`, and back,
    /// with each script's variables read as placeholders (the bash script's sign-in check aside:
    /// PowerShell signs in to the tenant by name).
    @Test func bothScriptsSendTheSameGraphRequests() throws {
        let set = try Fixture.render(Fixture.request(api: .both))
        func normalized(_ text: String) -> String {
            var path = text
            for (pattern, replacement) in [(#"\\\$"#, "\\$"), ("`\\$", "\\$"), (#"'\s*\+\s*|\s*\+\s*'"#, ""),
                                           (#"\$\([^)]*\)|\$[0-9]|\$(?!select|filter)\{?[A-Za-z_][A-Za-z0-9_]*\}?(\.[A-Za-z]+|\[[0-9]+\]|\['[A-Za-z]+'\])*"#, "{}")] {
                path = path.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
            }
            return path.trimmingCharacters(in: CharacterSet(charactersIn: "\"'() "))
        }
        func calls(_ script: String, _ pattern: String) -> Set<String> {
            let regex = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(script.startIndex..., in: script)
            return Set(regex.matches(in: script, range: range).map { match in
                let method = String(script[Range(match.range(at: 1), in: script)!])
                let path = String(script[Range(match.range(at: 2), in: script)!])
                return method + " " + normalized(path)
            })
        }
        let bash = calls(set.azureCLI, #"graph(?:_retry)? (GET|POST|PATCH) ("[^"]*"|'[^']*'|[A-Za-z]+)"#)
            .subtracting(["GET organization?$select=verifiedDomains"])
        let powershell = calls(set.powershell, #"Invoke-Graph(?:Retry)? (GET|POST|PATCH) (\((?:[^()]|\([^()]*\))*\)|"[^"]*"|'[^']*')"#)
        #expect(bash.count >= 15, "\(bash.sorted())")
        #expect(bash == powershell, "only bash: \(bash.subtracting(powershell).sorted()); only PowerShell: \(powershell.subtracting(bash).sorted())")
    }

    @Test func hostileValuesStayInsideTheirPowerShellLiterals() throws {
        let folder = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = try Fixture.render(Fixture.request(api: .both, appName: Fixture.hostileAppName, sites: [Fixture.hostileSite]))
        let path = folder.appendingPathComponent("hostile.ps1")
        try Data(set.powershellFileBytes).write(to: path)
        let checker = Fixture.repository.appendingPathComponent("scripts/check_powershell.py").path
        let result = try Tool.run(testPython, [checker, "--value", Fixture.hostileAppName, "--value", Fixture.hostileSite, path.path])
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
        let assignments = lines.filter { $0.range(of: #"^[A-Z_]+="#, options: .regularExpression) != nil && $0.range(of: #"^[A-Z_]+=\$\("#, options: .regularExpression) == nil }
        let calls = lines.filter { $0.hasPrefix("if ! grant_site ") || $0.hasPrefix("assign_role ") }
            .map { $0.replacingOccurrences(of: "if ! ", with: "").replacingOccurrences(of: "; then", with: "") }
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
