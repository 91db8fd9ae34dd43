import Foundation
import TestSupport

/// A throwaway spconnect home folder and a way to run the built binary against it.
struct StoreHome {
    let root: URL
    var home: String { root.appendingPathComponent("home").path }
    var database: String { home + "/store.sqlite" }
    /// Where this home's store key is pinned (`XDG_CONFIG_HOME` of every run).
    var pins: String { root.appendingPathComponent("config/spconnect/pins").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spconnect-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// The environment every run gets: this home, a known passphrase, a fast fixed scrypt cost.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "SPCONNECT_HOME": home, "SPCONNECT_PASSPHRASE": "correct horse", "SPCONNECT_SCRYPT_LOGN": "14",
                           "XDG_CONFIG_HOME": root.appendingPathComponent("config").path]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts the binary in its own session, with this home's environment only; the caller waits or kills.
    func start(_ arguments: [String], _ extra: [String: String] = [:]) throws -> Subprocess {
        let (program, arguments) = CLI.program(for: arguments)
        return try Subprocess.start(program, arguments, environment: environment(extra), inheriting: .nothing)
    }

    /// Runs the binary to completion (through `CLI.run`, in its own session).
    @discardableResult
    func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> RunResult {
        CLI.run(arguments, environment: environment(extra))
    }

    /// Runs `sqlite3 store.sqlite SQL` (an independent tool) and returns its output.
    func sql(_ statement: String) throws -> String {
        CLI.tool("sqlite3", [database, statement]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every file under the home folder with its bytes.
    func files() throws -> [(String, Data)] {
        guard let walker = FileManager.default.enumerator(atPath: home) else { return [] }
        var found: [(String, Data)] = []
        for case let relative as String in walker {
            let path = home + "/" + relative
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                found.append((relative, try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
        return found
    }

    /// SHA-256 of the store file, to show a command changed nothing.
    func storeDigest() throws -> String {
        CLI.tool("sha256sum", [database]).stdout.split(separator: " ").first.map(String.init) ?? ""
    }

    /// Makes an RSA-2048 key with openssl, so seeding needs no key generation.
    func makeKey() throws -> String {
        let path = root.appendingPathComponent("seed.key").path
        CLI.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path)
        return path
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
