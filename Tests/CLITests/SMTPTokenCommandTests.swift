// `[smtp] token_command` end to end, against the real aiosmtpd server (scripts/smtp_server.py)
// on loopback: a command that fails, hangs or prints nothing stops the delivery before any
// connection is made, and the token a working command prints is never shown: not with
// `--verbose`, not in the audit log (`spconnect log`, the store's bytes), not in an error.
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct SMTPTokenCommandTests {
    static let site = "https://contoso.sharepoint.com/sites/reports"

    func requestArguments(_ extra: [String] = []) -> [String] {
        ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com", "--site", Self.site,
         "--from", "Dana Developer <dana@contoso.com>", "--key", Fixtures.rsaKey] + extra
    }

    /// A bearer token as Entra's look (three base64url parts), from the run's seed.
    static func token(_ label: String, fallback: UInt64) -> String {
        var generator = SeededGenerator.forTest(label, fallback: fallback)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let part = { (count: Int) in String((0..<count).map { _ in alphabet[Int(generator.next() % 64)] }) }
        return "eyJ" + part(30) + "." + part(60) + "." + part(43)
    }

    /// The token server: XOAUTH2 for user `dev` with `token`.
    func server(token: String, label: String) throws -> ScriptServer {
        try ScriptServer("smtp_server.py", ["--user", "dev"], environment: ["SMTP_TEST_TOKEN": token], label: label)
    }

    /// config.toml for `server` with `auth = "xoauth2"` and `token_command = COMMAND`.
    func configure(_ home: StoreHome, server: ScriptServer, command: String, timeout: Int = 30) throws {
        try FileManager.default.createDirectory(atPath: home.home, withIntermediateDirectories: true)
        try """
            [smtp]
            host = "localhost"
            port = \(server.port)
            username = "dev"
            ca_file = "\(server.caFile)"
            from = "Dana Developer <dana@contoso.com>"
            auth = "xoauth2"
            token_command = "\(command)"
            token_timeout_seconds = \(timeout)
            """.write(toFile: home.home + "/config.toml", atomically: true, encoding: .utf8)
    }

    /// An executable shell script in the home's parent folder.
    func script(_ home: StoreHome, _ name: String, _ body: String) throws -> String {
        let path = home.root.appendingPathComponent(name).path
        try writeExecutable(path, "#!/bin/sh\n" + body + "\n")
        return path
    }

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// A drafted request made through the outbox (the token command is not run for it).
    func draftedRequest(_ home: StoreHome) throws -> String {
        let made = try home.run(requestArguments(["--transport", "outbox", "--json"]))
        #expect(made.status == 0, "\(made)")
        return try #require(json(made)["id"] as? String)
    }

    /// Processes whose command line contains `marker` (zombies have none).
    func processes(containing marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(marker) ? "\(pid): \(line)" : nil
        }
    }

    enum Failing: String, CaseIterable, CustomTestStringConvertible {
        case exits, hangs, printsNothing
        var testDescription: String { rawValue }
    }

    @Test("a token command that fails, hangs or prints nothing: a clear error naming it, no connection, the request kept",
          arguments: Failing.allCases)
    func aFailingTokenCommandStopsTheDelivery(_ failing: Failing) throws {
        let token = Self.token("smtpTokenFailing", fallback: 0x534D_0001)
        let server = try server(token: token, label: "tokenfail")
        defer { server.stop() }
        let home = try StoreHome()
        defer { home.remove() }
        // What a failing helper prints on standard output could be a secret: it is never shown.
        let printed = "printed-\(token.suffix(12))"
        let marker = "317.\(UInt32.random(in: 100_000...999_999))"
        let command: String
        let words: String
        switch failing {
        case .exits:
            command = try script(home, "token-exits", "echo \(printed)\nexit 3")
            words = "exited with status 3"
        case .hangs:
            // The shell waits for its child: killing the shell alone would leave the sleep.
            command = try script(home, "token-hangs", "sleep \(marker)\necho \(printed)")
            words = "did not finish within 1 s"
        case .printsNothing:
            command = try script(home, "token-blank", "printf '\\n  \\n'")
            words = "printed nothing"
        }
        try configure(home, server: server, command: command, timeout: 1)

        // `request`: refused before a key or a request is made.
        let started = Date()
        let refused = try home.run(requestArguments())
        #expect(Date().timeIntervalSince(started) < 15, "a hanging command is bounded by token_timeout_seconds")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("spconnect: error: [smtp] token_command \(words)") && refused.stderr.contains(": \(command)\n"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("spconnect: hint: "), "\(refused.stderr)")
        #expect(!(refused.stdout + refused.stderr).contains(printed), "\(refused)")
        #expect(try home.run(["requests", "--json"]).stdout.contains("SPC-") == false)

        // `send` of a drafted request: it stays drafted.
        let id = try draftedRequest(home)
        let sent = try home.run(["send", id, "--transport", "smtp"])
        #expect(sent.status == 1, "\(sent)")
        #expect(sent.stderr.contains("spconnect: error: [smtp] token_command \(words)") && sent.stderr.contains(": \(command)\n"),
                "\(sent.stderr)")
        #expect(!(sent.stdout + sent.stderr).contains(printed), "\(sent)")
        #expect(json(try home.run(["show", id, "--json"]))["status"] as? String == "drafted")

        // Nothing reached the server: the token comes before the connection.
        #expect(server.receivedMessages().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: server.state + "/connections.log"))
        if failing == .hangs {
            #expect(processes(containing: marker).isEmpty, "the whole process group is killed: \(processes(containing: marker))")
        }
    }

    /// Every form the token could take on the wire or on disk.
    func forms(of token: String) -> [String] {
        let xoauth2 = "user=dev\u{1}auth=Bearer \(token)\u{1}\u{1}"
        return [token, Data(token.utf8).base64EncodedString(), Data(xoauth2.utf8).base64EncodedString(),
                String(token.prefix(24)), String(token.suffix(24))]
    }

    func expectNoToken(_ token: String, in text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for form in forms(of: token) {
            #expect(!text.contains(form), "\(what) shows the token (\(form.prefix(8))…)", sourceLocation: sourceLocation)
        }
    }

    func expectNoToken(_ token: String, inFilesOf home: StoreHome, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try home.files()
        #expect(files.contains { $0.0 == "store.sqlite" }, sourceLocation: sourceLocation)
        for (name, bytes) in files {
            for form in forms(of: token) {
                #expect(bytes.range(of: Data(form.utf8)) == nil, "\(name) holds the token", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("the token is never shown: --verbose, the audit log, the store's bytes, an error; delivered and refused")
    func theTokenIsNeverShown() throws {
        let token = Self.token("smtpTokenShown", fallback: 0x534D_0002)
        for accepted in [true, false] {
            let server = try server(token: accepted ? token : "other-\(token)", label: "tokenshown")
            defer { server.stop() }
            let home = try StoreHome()
            defer { home.remove() }
            let tokenFile = home.root.appendingPathComponent("token").path
            try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
            try configure(home, server: server, command: try script(home, "token-helper", "cat '\(tokenFile)'"))

            let result = try home.run(requestArguments(["--verbose"]))
            let output = result.stdout + result.stderr
            if accepted {
                #expect(result.status == 0, "\(result)")
                #expect(server.receivedMessages().count == 1)
                let log = try String(contentsOfFile: server.state + "/auth.log", encoding: .utf8)
                #expect(log == "XOAUTH2 ok\n", "the server saw the token: \(log)")
            } else {
                #expect(result.status == 1, "\(result)")
                #expect(server.receivedMessages().isEmpty)
                #expect(result.stderr.contains("spconnect: hint: "), "\(result.stderr)")
            }
            #expect(output.contains("AUTH XOAUTH2 [redacted]"), "--verbose shows the exchange: \(output)")
            expectNoToken(token, in: output, "the request's output")
            let id = try #require(output.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("SPC-") }.map(String.init))
            let status = json(try home.run(["show", id, "--json"]))["status"] as? String
            #expect(status == (accepted ? "sent" : "failed"))
            if !accepted {
                // The failed request again, through `send`: its error, verbose.
                let again = try home.run(["send", id, "--verbose"])
                #expect(again.status == 1, "\(again)")
                expectNoToken(token, in: again.stdout + again.stderr, "send's error")
            }
            let log = try home.run(["log"])
            #expect(log.status == 0, "\(log)")
            #expect(log.stdout.contains(id), "\(log.stdout)")
            expectNoToken(token, in: log.stdout + log.stderr, "spconnect log")
            let shown = try home.run(["show", id, "--json"])
            expectNoToken(token, in: shown.stdout, "show")
            try expectNoToken(token, inFilesOf: home)
        }
    }

    @Test("the token command inherits no spconnect secret, no descriptor but 0 to 2, and SIGCHLD at its default")
    func theTokenCommandInheritsNoSecret() throws {
        let token = Self.token("smtpTokenEnvironment", fallback: 0x534D_0003)
        let server = try server(token: token, label: "tokenenv")
        defer { server.stop() }
        let home = try StoreHome()
        defer { home.remove() }
        var generator = SeededGenerator.forTest("smtpTokenEnvironmentSecrets", fallback: 0x534D_0004)
        let secrets = Dictionary(uniqueKeysWithValues: ["SPCONNECT_NEW_PASSPHRASE", "SPCONNECT_SMTP_PASSWORD", "SPCONNECT_CERT_PASSWORD",
                                                        "SPCONNECT_KEY_PASSWORD", "SPCONNECT_KEYVAULT_TOKEN"].map { ($0, "secret-\(generator.next())") })
        let kept = ["DISPLAY": ":7", "XDG_RUNTIME_DIR": home.root.path, "HOME": home.root.path]
        let tokenFile = home.root.appendingPathComponent("token").path
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let dump = home.root.appendingPathComponent("environment").path
        let signals = home.root.appendingPathComponent("signals").path
        let descriptors = home.root.appendingPathComponent("descriptors").path
        // In Python: a shell would set SIGCHLD's action itself before any line runs.
        let python = try #require(CLI.which("python3"))
        let command = home.root.appendingPathComponent("token-dump").path
        try writeExecutable(command, """
            #!\(python)
            import os, sys
            sys.stdout.write(open('\(tokenFile)').read())
            sys.stdout.flush()
            open('\(dump)', 'w').write(''.join(name + '=' + value + '\\n' for name, value in os.environ.items()))
            open('\(signals)', 'w').write([line for line in open('/proc/self/status').read().splitlines() if line.startswith('SigIgn:')][0])
            listed = os.listdir('/proc/self/fd')
            open('\(descriptors)', 'w').write(' '.join(listed))

            """)
        try configure(home, server: server, command: command)

        // spconnect itself with SIGCHLD ignored and descriptor 7 open, neither of which is the command's.
        let result = CLI.run(requestArguments(), python: "signal.signal(signal.SIGCHLD, signal.SIG_IGN)\nos.dup2(os.open('/dev/null', os.O_RDONLY), 7)",
                             environment: home.environment(secrets.merging(kept) { $1 }))
        #expect(result.status == 0, "\(result)")
        #expect(server.receivedMessages().count == 1)

        let environment = try String(contentsOfFile: dump, encoding: .utf8)
        #expect(!environment.contains("SPCONNECT_"), "\(environment)")
        for value in Array(secrets.values) + ["correct horse"] {
            #expect(!environment.contains(value), "the token command saw a secret: \(environment)")
        }
        let expected = kept.merging(["XDG_CONFIG_HOME": home.environment()["XDG_CONFIG_HOME"]!]) { $1 }
        for (name, value) in expected {
            #expect(environment.split(separator: "\n").map(String.init).contains("\(name)=\(value)"), "\(name) is kept: \(environment)")
        }
        // 0, 1, 2 and the folder listdir reads (3).
        let listed = try String(contentsOfFile: descriptors, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(Set(listed) == [0, 1, 2, 3], "the token command inherited descriptors: \(listed)")
        // SigIgn's bit for SIGCHLD (17): clear.
        let ignored = try String(contentsOfFile: signals, encoding: .utf8).split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let mask = try #require(ignored.flatMap { UInt64($0, radix: 16) })
        #expect(mask & (1 << (UInt64(SIGCHLD) - 1)) == 0, "SIGCHLD is ignored in the token command: \(String(mask, radix: 16))")
    }

    @Test("with SIGCHLD ignored (inherited), a token command that fails is still a failure, not a token")
    func aFailingTokenCommandUnderIgnoredSIGCHLD() throws {
        let token = Self.token("smtpTokenSIGCHLD", fallback: 0x534D_0005)
        let server = try server(token: token, label: "tokenchld")
        defer { server.stop() }
        let home = try StoreHome()
        defer { home.remove() }
        let tokenFile = home.root.appendingPathComponent("token").path
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let command = try script(home, "token-fails", "cat '\(tokenFile)'\nsleep 0.2\nexit 3")
        try configure(home, server: server, command: command)

        let result = CLI.run(requestArguments(), python: "signal.signal(signal.SIGCHLD, signal.SIG_IGN)", environment: home.environment())
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("spconnect: error: [smtp] token_command exited with status 3"), "\(result.stderr)")
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("SIGTERM to spconnect while a token command hangs: passed on, and no part of the command is left")
    func aSignalStopsTheTokenCommand() throws {
        let token = Self.token("smtpTokenSignal", fallback: 0x534D_0006)
        let server = try server(token: token, label: "tokensignal")
        defer { server.stop() }
        let home = try StoreHome()
        defer { home.remove() }
        let started = home.root.appendingPathComponent("started").path
        let marker = "293.\(UInt32.random(in: 100_000...999_999))"
        let command = try script(home, "token-waits", "touch '\(started)'\nsleep \(marker)\necho late")
        try configure(home, server: server, command: command, timeout: 60)

        let process = try home.start(requestArguments())
        defer {
            process.stop()
            for line in processes(containing: marker) { kill(pid_t(line.prefix { $0 != ":" }) ?? 0, SIGKILL) }
        }
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: started) && Date() < deadline && process.isRunning { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: started), "the token command did not start")
        #expect(!processes(containing: marker).isEmpty)
        kill(process.processIdentifier, SIGTERM)
        let ended = Date().addingTimeInterval(15)
        while process.isRunning && Date() < ended { usleep(20_000) }
        #expect(!process.isRunning, "spconnect ends on SIGTERM")
        #expect(process.terminationStatus == 128 + SIGTERM, "spconnect ends by the signal")
        #expect(processes(containing: marker).isEmpty, "the token command is left behind: \(processes(containing: marker))")
        #expect(server.receivedMessages().isEmpty)
    }

    @Test("spconnect with standard input and output closed: the token command still prints into its own pipe")
    func closedStandardDescriptors() throws {
        let token = Self.token("smtpTokenClosed", fallback: 0x534D_0007)
        let home = try StoreHome()
        defer { home.remove() }
        let tokenFile = home.root.appendingPathComponent("token").path
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let command = try script(home, "token-helper", "cat '\(tokenFile)'")
        // pipe() then returns descriptors 0 and 1, which the command's standard input and output replace.
        let result = try home.run(["_dev", "closed-standard-token", command])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "token \(token.utf8.count) bytes\n", "\(result.stderr)")
        #expect(!result.stderr.contains(token))
    }
}
