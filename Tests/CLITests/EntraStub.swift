// Starts scripts/entra_stub.py (a loopback Entra token endpoint and SharePoint, with a test
// CA made at run time) and stops it when the test is done.
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The repository's `scripts/` folder.
enum Scripts {
    static func path(_ name: String) -> String { scriptPath(name) }
    /// The tests' Python (TestSupport's ``testPython``), for the files of this target that do not import TestSupport.
    static let python = testPython
}

/// One running stub server (through TestSupport's one launcher); it is stopped with its
/// process group when this goes away.
final class EntraStub: @unchecked Sendable {
    let folder: String
    let port: Int
    private let server: TestServer

    /// Starts the stub with `arguments` (see `scripts/entra_stub.py --help`) and waits for its port.
    init(app: String?, _ arguments: [String] = []) throws {
        var template = Array("/tmp/spconnect-stub-XXXXXX".utf8CString)
        precondition(mkdtemp(&template) != nil, "mkdtemp failed")
        let folder = CLI.cString(template)
        self.folder = folder
        do {
            server = try TestServer("entra_stub.py", ["--dir", folder, "--lifetime", "180"] + (app.map { ["--app", $0] } ?? []) + arguments,
                                    folder: folder, log: folder + "/stub.log", readyWithin: 20)
        } catch {
            throw StubFailure(message: "the stub did not start (run scripts/deps.sh test): \(error)")
        }
        port = server.port
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    struct StubFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// `127.0.0.1:PORT`.
    var host: String { "127.0.0.1:\(port)" }
    /// The test CA that signed the server's certificate.
    var ca: String { folder + "/ca.pem" }
    /// `https://127.0.0.1:PORT/sites/NAME`.
    func site(_ name: String) -> String { "https://\(host)/sites/\(name)" }
    /// The token endpoint of `tenant`.
    func tokenURL(_ tenant: String) -> String { "https://\(host)/\(tenant)/oauth2/v2.0/token" }

    /// `127.0.0.1:GRAPH-PORT`: the stub's Microsoft Graph.
    var graphHost: String {
        let port = (try? String(contentsOfFile: folder + "/graph_port", encoding: .utf8)) ?? "0"
        return "127.0.0.1:" + port.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The app's keyCredentials as the stub's Graph holds them now (`graph.json`).
    var keyCredentials: [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: folder + "/graph.json"),
              let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return document["keyCredentials"] as? [[String: Any]] ?? []
    }

    /// Every Graph call the stub saw (`graph.log`), with what it checked and its result.
    var graphCalls: [[String: Any]] {
        guard let text = try? String(contentsOfFile: folder + "/graph.log", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Every token request the stub saw, in order, with what it checked and its result.
    var requests: [[String: Any]] {
        guard let text = try? String(contentsOfFile: folder + "/requests.log", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

/// A home with one connection (seeded from the shared key) and its `export --format json`,
/// which the stub registers as the app.
struct VerifyHome {
    let home: StoreHome
    let name: String
    /// The export JSON: tenant, client ID, certificate.
    let app: String
    let description: [String: Any]

    static let tenant = "11111111-2222-4333-8444-555555555555"
    static let client = "66666666-7777-4888-9999-000000000000"

    /// The key file the connection was seeded from: the shared one, or with `ownKey` a new
    /// one under the home's root (which a test may delete, so that no copy is left on disk).
    let keyFile: String

    init(ownKey: Bool = false) throws {
        home = try StoreHome()
        try #require(try home.run(["init"]).status == 0)
        keyFile = ownKey ? try home.makeKey() : Fixtures.rsaKey
        let seed = try home.run(["_dev", "seed", "--connections", "1", "--key", keyFile])
        try #require(seed.status == 0, "\(seed)")
        name = "seed-" + seed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        app = home.root.appendingPathComponent("app.json").path
        let export = try home.run(["export", name, "--format", "json", "--out", app])
        try #require(export.status == 0, "\(export)")
        description = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: app))) as? [String: Any])
    }

    /// The environment for runs that talk to the stub: no proxy for loopback.
    static let loopback = ["NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"]

    /// `spconnect verify NAME --authority-host STUB --ca-file CA --site …` (sites by name on the stub).
    func verify(_ stub: EntraStub, sites: [String] = ["reports"], caFile: Bool = true, _ extra: [String] = [],
                environment: [String: String] = [:]) throws -> RunResult {
        var arguments = ["verify", name, "--authority-host", stub.host]
        if caFile { arguments += ["--ca-file", stub.ca] }
        for site in sites { arguments += ["--site", site.hasPrefix("https://") ? site : stub.site(site)] }
        return try home.run(arguments + extra, Self.loopback.merging(environment) { $1 })
    }

    func remove() { home.remove() }
}
