// The one launcher of the loopback test servers in scripts/ (aiosmtpd's smtp_server.py,
// hostile_smtp.py, the Graph/Entra simulator graph_sim.py, entra_stub.py): each runs under the
// tests' Python (``testPython``) through ``Subprocess`` in its own session, writes the port it
// listens on (ephemeral) to `FOLDER/port` when ready, and is stopped with its process group.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public final class TestServer: @unchecked Sendable {
    /// The server's folder: its port file, test PKI, and whatever it records.
    public let folder: String
    /// The loopback port it listens on.
    public let port: Int
    private let process: Subprocess

    /// Starts `scripts/SCRIPT ARGS…` and waits up to `readyWithin` seconds for `folder/port`.
    /// `log`: a file for its standard output and error (else they are discarded).
    public init(_ script: String, _ arguments: [String], folder: String, environment: [String: String] = [:],
                log: String? = nil, readyWithin: Double = 30, hint: String = "run scripts/deps.sh test") throws {
        self.folder = folder
        let process = try Subprocess.start(testPython, [scriptPath(script)] + arguments, environment: environment,
                                           output: log.map { .log($0) } ?? .discarded)
        let deadline = Date().addingTimeInterval(readyWithin)
        var found: Int?
        while Date() < deadline {
            if let text = try? String(contentsOfFile: folder + "/port", encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        guard let found else {
            process.stop()
            let output = log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map { ":\n" + $0 } ?? ""
            throw NotReady(description: "\(script) \(arguments.joined(separator: " ")) did not start (\(hint))\(output)")
        }
        port = found
        self.process = process
    }

    deinit { stop() }

    /// Whether the server is still running.
    public var isRunning: Bool { process.isRunning }

    /// Stops the server: SIGTERM to its group, then SIGKILL if it is still there after two seconds.
    public func stop() { process.stop() }

    public struct NotReady: Error, CustomStringConvertible {
        public let description: String
    }
}
