import Foundation
import Testing

/// What the admin's scripts get from the command line: `request --client-id` carried into both
/// scripts, the default app name unique to the request, and a `.ps1` written UTF-8 with a BOM.
@Suite(.serialized) struct AdminScriptFileTests {
    func request(_ home: StoreHome, _ extra: [String]) throws -> String {
        let result = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                   "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "dana@contoso.com",
                                   "--key-size", "2048", "--json"] + extra)
        #expect(result.status == 0, "\(result)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return try #require(summary["id"] as? String)
    }

    @Test func aClientIDReachesBothScriptsAndTheDefaultNameCarriesTheRequestID() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let id = try request(home, ["--client-id", "77777777-0000-4000-8000-00000000000B"])
        let sh = try home.run(["instructions", id, "--format", "azcli"]).stdout
        #expect(sh.contains("REQUESTED_CLIENT_ID='77777777-0000-4000-8000-00000000000b'"))
        #expect(sh.contains("MARKER='spconnect:\(id)'"))
        #expect(sh.contains("APP_NAME_JSON='\"spconnect-contoso \(id)\"'"))
        let ps = try home.run(["instructions", id, "--format", "powershell"]).stdout
        #expect(ps.contains("$RequestedClientId = '77777777-0000-4000-8000-00000000000b'"))
        let plain = try request(home, [])
        #expect(try home.run(["instructions", plain, "--format", "azcli"]).stdout.contains("REQUESTED_CLIENT_ID=''"))
        let bad = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "dana@contoso.com",
                                "--client-id", "not-a-guid"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--client-id not-a-guid is not a GUID"))
    }

    @Test func aPowerShellFileIsUTF8WithAByteOrderMark() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let id = try request(home, ["--app-name", "Ökonomie-Berichte"])
        let path = home.root.appendingPathComponent("register-app.ps1").path
        #expect(try home.run(["instructions", id, "--format", "powershell", "--out", path]).status == 0)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).contains("$AppName = 'Ökonomie-Berichte'"))
        let shPath = home.root.appendingPathComponent("register-app.sh").path
        #expect(try home.run(["instructions", id, "--format", "azcli", "--out", shPath]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: shPath)).prefix(2) == Data("#!".utf8))
    }
}
