// One of the Python test servers in scripts/ that take a `--state` folder, started through
// the one launcher (``TestServer``) and stopped when the test is done. Each server gets its
// own state folder (port, test PKI, received messages, recorded bytes).
import Foundation

/// A fresh private folder under the system's temporary folder.
public func makeTemporaryFolder(_ label: String) -> String {
    var template = Array((NSTemporaryDirectory() + "spc-mail-\(label)-XXXXXX").utf8CString)
    let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(created != nil, "cannot create a temporary folder")
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

public final class ScriptServer: @unchecked Sendable {
    public let state: String
    public let port: Int
    private let server: TestServer

    /// The test CA the client must trust.
    public var caFile: String { state + "/pki/ca.pem" }

    public init(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:], label: String = "server") throws {
        state = makeTemporaryFolder(label)
        do {
            server = try TestServer(script, ["--state", state] + arguments, folder: state, environment: environment,
                                    hint: "is python3-aiosmtpd installed? run scripts/deps.sh test")
        } catch {
            throw ServerError.notReady("\(error)")
        }
        port = server.port
    }

    deinit { stop() }

    /// Stops the server: SIGTERM, then SIGKILL if it is still there after two seconds.
    public func stop() { server.stop() }

    /// Messages the real server saved: each .eml path with its envelope JSON.
    public func receivedMessages() -> [(eml: String, envelope: [String: Any])] {
        let folder = state + "/messages"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            let base = folder + "/" + String(name.dropLast(5))
            guard let data = FileManager.default.contents(atPath: base + ".json"),
                  let envelope = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return (base + ".eml", envelope)
        }
    }

    /// Every byte the hostile server received before TLS.
    public func clearBytes() -> [UInt8] {
        Array(FileManager.default.contents(atPath: state + "/clear.bin") ?? Data())
    }

    /// Every byte the hostile server received inside TLS.
    public func tlsBytes() -> [UInt8] {
        Array(FileManager.default.contents(atPath: state + "/tls.bin") ?? Data())
    }

    /// Waits (up to `seconds`) until the hostile server has recorded `count` finished
    /// connections: it writes each record when the connection closes, which can come just
    /// after the client has given up.
    @discardableResult
    public func waitForEvents(_ count: Int = 1, seconds: Double = 10) -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        while events().count < count && Date() < deadline { usleep(20_000) }
        return events()
    }

    /// The hostile server's record of each finished connection.
    public func events() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: state + "/events.jsonl", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }

    public enum ServerError: Error, CustomStringConvertible {
        case notReady(String)
        public var description: String { if case .notReady(let text) = self { return text }; return "" }
    }
}

/// What Python's email package (policy.default) reads from an .eml (scripts/mail_check.py).
public struct ParsedMail {
    public let json: [String: Any]

    public init(path: String) throws {
        let run = Subprocess.run(testPython, [scriptPath("mail_check.py"), path])
        guard run.status == 0, let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw ScriptServer.ServerError.notReady("mail_check.py failed on \(path)")
        }
        json = object
    }

    public init(bytes: [UInt8]) throws {
        let folder = makeTemporaryFolder("parse")
        let path = folder + "/message.eml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try self.init(path: path)
        try? FileManager.default.removeItem(atPath: folder)
    }

    public var headerNames: [String] { (json["headers"] as? [[String]] ?? []).map { $0[0] } }
    public func header(_ name: String) -> [String] {
        (json["headers"] as? [[String]] ?? []).filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }
    public func addresses(_ field: String) -> [(name: String, addr: String)]? {
        guard let list = json[field] as? [[String: String]] else { return nil }
        return list.map { ($0["name"] ?? "<error: \($0["error"] ?? "?")>", $0["addr"] ?? "") }
    }
    public var subject: String? { json["subject"] as? String }
    public var text: String? { json["text"] as? String }
    public var html: String? { json["html"] as? String }
    public var defects: [String] { json["defects"] as? [String] ?? [] }
    public var crlfOnly: Bool { json["crlf_only"] as? Bool ?? false }
    public var maxLine: Int { json["max_line"] as? Int ?? Int.max }
    public var attachments: [[String: Any]] { json["attachments"] as? [[String: Any]] ?? [] }
    public var structure: [String: Any] { json["structure"] as? [String: Any] ?? [:] }
}
