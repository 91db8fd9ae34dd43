import Foundation
import Testing

/// `spconnect instructions`: any part of a stored request's email, again.
@Suite(.serialized) struct InstructionsCommandTests {
    /// A home with a store and one seeded request (sites-selected, write, one site).
    func seeded() throws -> (StoreHome, id: String) {
        let home = try StoreHome()
        #expect(try home.run(["init"]).status == 0)
        let key = try home.makeKey()
        let seed = try home.run(["_dev", "seed", "--requests", "1", "--key", key])
        #expect(seed.status == 0, "\(seed.stderr)")
        return (home, seed.stdout.split(separator: "\n").first.map(String.init) ?? "")
    }

    @Test func everyFormatPrintsItsPart() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let text = try home.run(["instructions", id])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("request \(id)") && text.stdout.contains("----- BEGIN SPCONNECT REPLY -----\nRequest: \(id)\n"))
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 78 || $0.contains("://") })
        let html = try home.run(["instructions", id, "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("Content-Security-Policy"))
        let ps = try home.run(["instructions", id, "--format", "powershell"])
        #expect(ps.stdout.contains("Connect-MgGraph -Environment $Environment") && ps.stdout.contains("$RequestId = '\(id)'"))
        let sh = try home.run(["instructions", id, "--format", "azcli"])
        #expect(sh.stdout.hasPrefix("#!/usr/bin/env bash\n") && sh.stdout.contains("REQUEST_ID='\(id)'"))
        let manifest = try home.run(["instructions", id, "--format", "manifest"])
        let json = try JSONSerialization.jsonObject(with: Data(manifest.stdout.utf8)) as? [String: Any]
        #expect(json?["request"] as? String == id)
        // The templates are inside the binary: it renders from any folder.
        let elsewhere = CLI.run(["instructions", id, "--format", "azcli"], environment: home.environment(), cwd: "/")
        #expect(elsewhere.status == 0 && elsewhere.stdout == sh.stdout)
    }

    @Test func outWritesTheFileAndRefusesToReplaceItWithoutForce() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let path = home.root.appendingPathComponent("register-app.sh").path
        let first = try home.run(["instructions", id, "--format", "azcli", "--out", path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Wrote \(path)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
        #expect(CLI.tool("bash", ["-n", path]).status == 0)
        let again = try home.run(["instructions", id, "--format", "azcli", "--out", path])
        #expect(again.status == 1)
        #expect(again.errorLines == ["spconnect: error: \(path) already exists"])
        #expect(try home.run(["instructions", id, "--format", "azcli", "--out", path, "--force"]).status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let pdf = try home.run(["instructions", id, "--format", "pdf"])
        #expect(pdf.status == 2)
        #expect(pdf.stderr.contains("--format must be text, html, powershell, azcli, manifest or eml."))
        let eml = try home.run(["instructions", id, "--format", "eml"])
        #expect(eml.status == 0)
        #expect(eml.stdout.contains("MIME-Version: 1.0\r\n"))
        #expect(eml.stdout.contains("Content-Type: application/x-pem-file"))
        #expect(try home.run(["instructions", id, "--force"]).status == 2)
        let unknown = try home.run(["instructions", "SPC-0000-0000"])
        #expect(unknown.status == 1)
        #expect(unknown.errorLines == ["spconnect: error: SPC-0000-0000: no request SPC-0000-0000"])
    }

    @Test func userTemplatesOverrideByNameAndUnknownVariablesAreNamed() throws {
        let (home, id) = try seeded()
        defer { home.remove() }
        let mine = home.root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "Custom text for {{requestID}} ({{appName}})\n".write(to: mine.appendingPathComponent("text.mustache"), atomically: true, encoding: .utf8)
        let custom = try home.run(["instructions", id, "--templates", mine.path])
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(custom.stdout == "Custom text for \(id) (seed-0)\n")
        // The home's templates folder is used without --templates.
        let homeTemplates = URL(fileURLWithPath: home.home).appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: homeTemplates, withIntermediateDirectories: true)
        let broken = homeTemplates.appendingPathComponent("text.mustache")
        try "{{requestID}} for {{approver}}\n".write(to: broken, atomically: true, encoding: .utf8)
        let failed = try home.run(["instructions", id])
        #expect(failed.status == 1)
        #expect(failed.errorLines == ["spconnect: error: template text (\(broken.path)) names the variable approver, which the instructions do not provide"])
        #expect(failed.hintLines.first?.contains("remove {{approver}} from \(broken.path)") == true)
        #expect(failed.stdout.isEmpty)
        // A file that is not a template's name is refused, not ignored.
        try FileManager.default.removeItem(at: broken)
        try "x\n".write(to: homeTemplates.appendingPathComponent("subjet.mustache"), atomically: true, encoding: .utf8)
        let typo = try home.run(["instructions", id])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("subjet is not a template name"))
        #expect(try home.run(["instructions", id, "--templates", "/nonexistent"]).status == 1)
    }
}
