// Ready-to-paste commands (issue 16 item 5): quoted for the shell when a value has a space or
// other shell syntax, and carrying the --home the user gave. The printed lines are run as
// printed, through `sh -c`, with no SPCONNECT_HOME: they must reach the same store.
import Foundation
import Testing

@Suite(.serialized) struct PasteableLineTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    /// The environment of a shell a user pastes into: spconnect on PATH, the passphrase, no home.
    func shellEnvironment(_ home: StoreHome, _ extra: [String: String] = [:]) -> [String: String] {
        let folder = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        var environment = home.environment(extra)
        environment["SPCONNECT_HOME"] = nil
        environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return environment
    }

    func line(after prefix: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    @Test func theNextLineOfImportRunsAsPrintedWithASpacedNameAndACustomHome() throws {
        let root = try StoreHome()
        defer { root.remove() }
        // A home whose path has a space and a quote, given with --home only.
        let home = root.root.appendingPathComponent("my spconnect's home").path
        let run = { (arguments: [String]) in CLI.run(["--home", home] + arguments, environment: shellEnvironment(root), cwd: root.root.path) }
        try #require(run(["init"]).status == 0)
        let seeded = run(["_dev", "seed", "--requests", "1", "--key", Fixtures.rsaKey])
        let id = seeded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(seeded.status == 0 && id.hasPrefix("SPC-"), "\(seeded)")
        let imported = run(["import", "--request", id, "--tenant-id", Self.tenant, "--client-id", Self.client, "--name", "Contoso reports $HOME"])
        try #require(imported.status == 0, "\(imported)")
        let next = try #require(line(after: "Next: ", in: imported.stdout), "\(imported)")
        #expect(next.hasPrefix("spconnect --home "), "\(next)")

        // The printed line, then the options that point verify at the loopback stub.
        let app = root.root.appendingPathComponent("app.json").path
        try #require(run(["export", "Contoso reports $HOME", "--format", "json", "--out", app]).status == 0)
        let stub = try EntraStub(app: app)
        let command = next + " --authority-host \(stub.host) --ca-file '\(stub.ca)' --site '\(stub.site("reports"))'"
        let verified = CLI.tool("/bin/sh", ["-c", command], environment: shellEnvironment(root).merging(VerifyHome.loopback) { $1 })
        #expect(verified.status == 0, "\(command)\n\(verified)")
        #expect(verified.stdout.contains("Verifying Contoso reports $HOME: tenant \(Self.tenant)"), "\(verified)")

        // show's export lines, run as printed, write the files the snippets then use.
        let shown = run(["show", "Contoso reports $HOME"])
        #expect(shown.status == 0, "\(shown)")
        let exports = shown.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("spconnect ") && $0.contains(" export ") }
        try #require(exports.count == 2, "\(shown)")
        for export in exports {
            let result = CLI.tool("/bin/sh", ["-c", "cd '\(root.root.path)' && " + export],
                                  environment: shellEnvironment(root, ["SPCONNECT_CERT_PASSWORD": "hand-off password"]))
            #expect(result.status == 0, "\(export)\n\(result)")
        }
        for file in ["Contoso reports $HOME.pfx", "Contoso reports $HOME.pem"] {
            #expect(FileManager.default.fileExists(atPath: root.root.appendingPathComponent(file).path), "\(file) was not written")
        }
        // The PowerShell path is one verbatim string, the m365 one a single shell word.
        #expect(shown.stdout.contains("-CertificatePath './Contoso reports $HOME.pfx'"), "\(shown)")
        #expect(shown.stdout.contains("-Prompt 'Password for Contoso reports $HOME.pfx'"), "\(shown)")
        #expect(shown.stdout.contains("--certificateFile './Contoso reports $HOME.pfx'"), "\(shown)")
        #expect(shown.stdout.contains("open(\"Contoso reports $HOME.pem\")"), "\(shown)")
    }

    @Test func plainValuesStayUnquotedAndTheDraftLineCarriesTheHome() throws {
        let root = try StoreHome()
        defer { root.remove() }
        let home = root.root.appendingPathComponent("h").path
        let made = CLI.run(["--home", home, "request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                            "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "dana@contoso.com", "--key", Fixtures.rsaKey],
                           environment: shellEnvironment(root))
        #expect(made.status == 0, "\(made)")
        let id = try #require(made.stdout.split(separator: " ").first { $0.hasPrefix("SPC-") }.map(String.init))
        #expect(made.stdout.contains("run: spconnect --home \(home) send \(id)\n"), "\(made)")
        #expect(made.stdout.contains("spconnect --home \(home) import REPLY.eml"), "\(made)")
    }
}
