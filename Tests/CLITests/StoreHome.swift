import Foundation

/// A throwaway spconnect home folder and a way to run the built binary against it.
struct StoreHome {
    let root: URL
    var home: String { root.appendingPathComponent("home").path }
    var database: String { home + "/store.sqlite" }

    /// The binary next to the test runner (`.build/<config>/spconnect`), or `SPCONNECT_BIN`.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SPCONNECT_BIN"] { return path }
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("spconnect").path
    }()

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spconnect-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// The environment every run gets: this home, a known passphrase, a fast fixed scrypt cost.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "SPCONNECT_HOME": home, "SPCONNECT_PASSPHRASE": "correct horse", "SPCONNECT_SCRYPT_LOGN": "14"]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts the binary; the caller waits or kills.
    func start(_ arguments: [String], _ extra: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment(extra)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary to completion.
    @discardableResult
    func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment(extra)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `sqlite3 store.sqlite SQL` (an independent tool) and returns its output.
    func sql(_ statement: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, statement]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [database]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    /// Makes an RSA-2048 key with openssl, so seeding needs no key generation.
    func makeKey() throws -> String {
        let path = root.appendingPathComponent("seed.key").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return path
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
