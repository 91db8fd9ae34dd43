// Starts scripts/keyvault_sim.py (a loopback Azure Key Vault certificate import, with a
// test CA made at run time) and stops it when the test is done.
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One running Key Vault simulator; stopped with its process group when this goes away.
final class KeyVaultSim: @unchecked Sendable {
    let folder: String
    let port: Int
    /// The bearer token the simulator accepts.
    let token: String
    private let server: TestServer

    /// Starts the simulator accepting `token`; `fault` is `none`, `403` or `409`.
    init(token: String, fault: String = "none") throws {
        var template = Array("/tmp/spconnect-kvsim-XXXXXX".utf8CString)
        precondition(mkdtemp(&template) != nil, "mkdtemp failed")
        folder = CLI.cString(template)
        self.token = token
        server = try TestServer("keyvault_sim.py", ["--dir", folder, "--token", token, "--fault", fault, "--lifetime", "180"],
                                folder: folder, log: folder + "/sim.log", readyWithin: 20)
        port = server.port
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The test CA that signed the server's certificate.
    var ca: String { folder + "/ca.pem" }

    /// `export NAME --to azure-keyvault --vault VAULT --ca-file CA --connect-to 127.0.0.1:PORT` and `extra`.
    func exportArguments(_ connection: String, vault: String = "https://contoso-kv.vault.azure.net", _ extra: [String] = []) -> [String] {
        ["export", connection, "--to", "azure-keyvault", "--vault", vault, "--ca-file", ca, "--connect-to", "127.0.0.1:\(port)"] + extra
    }

    /// Every request the simulator saw, in order (host, name, api-version, whether the token
    /// matched, and for an accepted body the PFX and its password).
    var received: [[String: Any]] {
        guard let text = try? String(contentsOfFile: folder + "/received.jsonl", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The last request's body, as the simulator logged it, in a file for Python.
    func lastRequestFile() throws -> String {
        let path = folder + "/last.json"
        let last = try JSONSerialization.data(withJSONObject: received.last ?? [:])
        try last.write(to: URL(fileURLWithPath: path))
        return path
    }
}
