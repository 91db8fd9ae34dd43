// `spconnect exec` with a real azure-identity child (scripts/identity_child.py, the tests'
// Python) against the loopback Entra stub: the child signs in from the variables exec set,
// the key is on no disk while it runs (scripts/key_scan.py looks for its private parts with
// `cryptography`), signals and exit statuses come back through spconnect.
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite("exec with an azure-identity child")
struct ExecTests {
    /// One connection seeded from its own key, which is then deleted: afterwards no file
    /// should hold that key's private parts.
    final class Run {
        let connection: VerifyHome
        let stub: EntraStub
        let scratch = Scratch()
        /// The child's home and working folders (scanned, with /tmp).
        let homeFolder: String
        let workFolder: String
        /// Hex byte strings only a copy of the key holds (key_scan.py needles).
        let needles: String

        init(_ stubArguments: [String] = []) throws {
            connection = try VerifyHome(ownKey: true)
            stub = try EntraStub(app: connection.app, stubArguments)
            homeFolder = scratch.folder("home")
            workFolder = scratch.folder("work")
            let made = CLI.tool(Scripts.python, [Scripts.path("key_scan.py"), "needles", "--key", connection.keyFile])
            try #require(made.status == 0, "\(made)")
            needles = made.stdout
            // The scanner finds the key file itself: it can fail.
            let before = scan()
            #expect(before.hits.contains(connection.keyFile), "the scan does not see the key file: \(before)")
            try FileManager.default.removeItem(atPath: connection.keyFile)
        }

        deinit { connection.remove() }

        var report: String { scratch.file("report.json") }
        var ready: String { scratch.file("ready") }
        var go: String { scratch.file("go") }

        /// The files under /tmp, the child's home and its working folder that hold a piece of the key.
        func scan() -> (hits: [String], files: Int) {
            let result = CLI.tool(Scripts.python, [Scripts.path("key_scan.py"), "scan", "/tmp", homeFolder, workFolder], stdin: Array(needles.utf8))
            guard result.status == 0, let document = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
                Issue.record("key_scan.py failed: \(result)")
                return (["(scan failed)"], 0)
            }
            let hits = (document["hits"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            return (hits, document["files"] as? Int ?? 0)
        }

        /// The environment of the exec run: the store's, loopback without proxy, the stub's CA for
        /// azure-core's requests transport, the child's own HOME, and credentials exec must not pass on.
        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            connection.home.environment(VerifyHome.loopback.merging([
                "REQUESTS_CA_BUNDLE": stub.ca, "HOME": homeFolder, "TMPDIR": "/tmp",
                "AZURE_CLIENT_SECRET": "not-this-one", "AZURE_USERNAME": "someone@example.com",
                "SPCONNECT_KEYVAULT_TOKEN": "not-this-token-either",
            ]) { $1 }.merging(extra) { $1 })
        }

        /// `spconnect exec NAME --authority-host STUB -- python3 identity_child.py --report … CHILD…`, started.
        func start(_ child: [String], credential: String = "environment") throws -> Subprocess {
            let arguments = ["exec", connection.name, "--authority-host", stub.host, "--",
                             Scripts.python, Scripts.path("identity_child.py"), "--report", report, "--credential", credential] + child
            return try Subprocess.start(CLI.binary, arguments, environment: environment(), inheriting: .nothing, cwd: workFolder, output: .captured)
        }

        /// The scope of the stub's SharePoint.
        var scope: String { "https://\(stub.host)/.default" }

        /// Waits (up to 60 s) for `path` to exist while `process` runs.
        func waitFor(_ path: String, _ process: Subprocess) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: path) && process.isRunning && Date() < deadline { usleep(20_000) }
            return FileManager.default.fileExists(atPath: path)
        }

        /// What the child reported.
        func childReport() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        }
    }

    @Test(arguments: ["environment", "certificate"])
    func anAzureIdentityChildGetsATokenAndTheKeyIsOnNoDisk(_ credential: String) throws {
        let run = try Run()
        let process = try run.start(["--scope", run.scope, "--ready", run.ready, "--wait-for", run.go, "--exit", "7"], credential: credential)
        try #require(run.waitFor(run.ready, process), "the child did not get ready: \(process.result())")

        // While the child runs, holding the credential: no file holds any part of the key.
        let during = run.scan()
        #expect(during.hits.isEmpty, "the key is on disk during the run: \(during.hits)")
        #expect(during.files > 0)

        let report = try run.childReport()
        #expect(report["error"] == nil, "\(report)")
        let issued = try #require(run.stub.requests.last, "no token request reached the stub")
        #expect(issued["result"] as? String == "token", "\(issued)")
        #expect(report["token"] as? String == issued["access_token"] as? String, "the child holds the token the stub issued")
        #expect(issued["alg"] as? String == "RS256" && issued["x5t"] as? String != nil, "azure-identity signs RS256 with x5t: \(issued)")
        #expect(issued["scope"] as? String == run.scope)

        let variables = try #require(report["variables"] as? [String: String])
        #expect(variables["AZURE_TENANT_ID"] == VerifyHome.tenant)
        #expect(variables["AZURE_CLIENT_ID"] == VerifyHome.client)
        #expect(variables["AZURE_AUTHORITY_HOST"] == "https://\(run.stub.host)")
        #expect(variables["AZURE_CLIENT_CERTIFICATE_PATH"] == "/proc/self/fd/3")
        #expect(variables["SPCONNECT_SITES"] == "https://contoso.sharepoint.com/sites/s0")
        #expect(variables["AZURE_CLIENT_SECRET"] == nil && variables["AZURE_USERNAME"] == nil, "other credentials are not passed on: \(variables)")
        #expect(variables["SPCONNECT_PASSPHRASE"] == nil, "the store's passphrase is not passed on")
        #expect(variables["SPCONNECT_KEYVAULT_TOKEN"] == nil, "nor the Key Vault token")
        #expect(variables["SPCONNECT_HOME"] != nil, "the other variables are")
        #expect(report["passwordSet"] as? Bool == false, "the memory file's key has no password")

        // Descriptors 0, 1, 2 and the memory file at 3, nothing else of spconnect's.
        let descriptors = try #require(report["descriptors"] as? [String: String])
        #expect(Set(descriptors.keys) == ["0", "1", "2", "3"], "\(descriptors)")
        #expect(descriptors["3"]?.hasPrefix("/memfd:spconnect-credential") == true, "\(descriptors)")
        // Nothing secret on any command line: the child's arguments are the test's own.
        let argv = try #require(report["argv"] as? [String])
        #expect(!argv.joined(separator: " ").contains("PRIVATE"))

        _ = FileManager.default.createFile(atPath: run.go, contents: nil)
        let result = process.result()
        #expect(result.status == 7, "the child's exit status comes back: \(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(try run.connection.home.sql("SELECT detail FROM audit WHERE action = 'connection.exec'") == "command python3", "the program's name, no argument")
        #expect(run.scan().hits.isEmpty)
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP, SIGUSR1])
    func aSignalSentToSpconnectReachesTheChild(_ signal: Int32) throws {
        let run = try Run()
        let process = try run.start(["--ready", run.ready, "--wait-for", run.go])
        try #require(run.waitFor(run.ready, process), "\(process.result())")
        // Only spconnect gets it (not its group): the child ends only if spconnect passes it on.
        kill(process.processIdentifier, signal)
        let result = process.result()
        #expect(result.status == 128 + signal, "128 + the signal that ended the child: \(result)")
        #expect(!FileManager.default.fileExists(atPath: run.go))
    }

    @Test func aChildKilledWithSIGKILLGives137AndNothingRemains() throws {
        let run = try Run()
        let process = try run.start(["--ready", run.ready, "--wait-for", run.go])
        try #require(run.waitFor(run.ready, process), "\(process.result())")
        let children = CLI.tool("pgrep", ["-P", String(process.processIdentifier)]).stdout
        let child = try #require(Int32(children.split(separator: "\n").first ?? ""), "no child of spconnect: \(children)")
        kill(child, SIGKILL)
        let result = process.result()
        #expect(result.status == 137, "\(result)")
        #expect(run.scan().hits.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("spconnect-exec-") }.isEmpty)
    }

    @Test func afterSIGKILLOfSpconnectNothingRemains() throws {
        let run = try Run()
        let process = try run.start(["--ready", run.ready, "--wait-for", run.go])
        try #require(run.waitFor(run.ready, process), "\(process.result())")
        kill(process.processIdentifier, SIGKILL)
        #expect(process.result().status == 137)
        // The orphaned child still holds the memory file, and it is still on no disk.
        #expect(run.scan().hits.isEmpty)
        process.signalGroup(SIGKILL)
        kill(-process.processIdentifier, SIGKILL)
        usleep(200_000)
        #expect(run.scan().hits.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("spconnect-exec-") }.isEmpty)
    }

    @Test func aMissingCommandIs127AndNoCommandIsAUsageError() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let missing = try connection.home.run(["exec", connection.name, "--", "no-such-program-\(UUID().uuidString)"])
        #expect(missing.status == 127, "\(missing)")
        #expect(missing.errorLines.count == 1 && missing.errorLines[0].contains("could not be started"), "\(missing)")
        let none = try connection.home.run(["exec", connection.name])
        #expect(none.status == 2, "\(none)")
        let unknown = try connection.home.run(["exec", "no-such-connection", "--", "true"])
        #expect(unknown.status == 1, "\(unknown)")
        let passes = try connection.home.run(["exec", connection.name, "--", "sh", "-c", "exit 42"])
        #expect(passes.status == 42, "\(passes)")
    }

    @Test func exportEnvPrintsTheVariablesAndNothingSecret() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        // No passphrase needed: nothing secret is read.
        let result = CLI.run(["export", connection.name, "--format", "env", "--out", "-"],
                             environment: connection.home.environment(["SPCONNECT_PASSPHRASE": ""]))
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            AZURE_TENANT_ID=\(VerifyHome.tenant)
            AZURE_CLIENT_ID=\(VerifyHome.client)
            AZURE_AUTHORITY_HOST=https://login.microsoftonline.com
            SPCONNECT_SITES=https://contoso.sharepoint.com/sites/s0

            """, "\(result)")
        // A shell reads the file back to the same values.
        let scratch = Scratch()
        let file = scratch.file("reports.env")
        let written = try connection.home.run(["export", connection.name, "--format", "env", "--out", file])
        #expect(written.status == 0, "\(written)")
        let read = CLI.tool("/bin/sh", ["-c", "set -a; . \"$0\"; printf '%s|%s' \"$AZURE_CLIENT_ID\" \"$SPCONNECT_SITES\"", file])
        #expect(read.stdout == "\(VerifyHome.client)|https://contoso.sharepoint.com/sites/s0", "\(read)")
        #expect(try connection.home.sql("SELECT count(*) FROM audit WHERE action = 'key.exported'") == "0")
    }

    @Test func showPrintsTheTokenAndExecForms() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let result = try connection.home.run(["show", connection.name])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("  curl -H \"Authorization: Bearer $(spconnect token \(connection.name))\" -H \"Accept: application/json;odata=nometadata\" 'https://contoso.sharepoint.com/sites/s0/_api/web?$select=Title'\n"), "\(result)")
        #expect(result.stdout.contains("  spconnect exec \(connection.name) -- python3 report.py\n"), "\(result)")
        #expect(result.stdout.contains("EnvironmentCredential().get_token(\"https://contoso.sharepoint.com/.default\")"), "\(result)")
    }
}
