// No secret in a core dump, a leftover file or a guessable passphrase; Ctrl-C at a prompt
// leaves the terminal as it was; one retry on a mistyped passphrase (issues 11 and 16).
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

@Suite("secrets never left behind", .serialized)
struct SecretHandlingTests {
    func seededHome() throws -> (StoreHome, String) {
        let home = try StoreHome()
        try #require(try home.run(["init"]).status == 0)
        let seed = try home.run(["_dev", "seed", "--connections", "1", "--key", Fixtures.rsaKey])
        try #require(seed.status == 0, "\(seed)")
        return (home, "seed-" + seed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The environment of a run that must ask for the store passphrase on the terminal.
    func typedEnvironment(_ home: StoreHome, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = home.environment(extra)
        environment.removeValue(forKey: "SPCONNECT_PASSPHRASE")
        return environment
    }

    @Test func startUpDisablesCoreDumps() {
        let result = CLI.run(["_dev", "hardening"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "dumpable 0\ncore 0 0\n", "\(result)")
    }

    /// While `export` waits for its passphrase (its passphrase file is a FIFO nobody has
    /// opened yet), the kernel's view of the process shows a core size limit of 0.
    @Test func aCommandWaitingForItsPassphraseCannotDumpCore() throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let fifo = home.root.appendingPathComponent("passphrase.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let out = home.root.appendingPathComponent("k.pem").path
        let process = try home.start(["export", name, "--format", "pem", "--out", out],
                                     ["SPCONNECT_PASSPHRASE_FILE": fifo, "SPCONNECT_CERT_PASSWORD": Fixtures.password])
        var limits = ""
        for _ in 0..<500 where !limits.contains("Max core file size") {
            limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
            usleep(10_000)
        }
        // Give it time to reach the open() of the FIFO, then read its limits again.
        var waiting = false
        for _ in 0..<500 where !waiting {
            let wchan = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/wchan", encoding: .utf8)) ?? ""
            let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
            waiting = wchan.contains("fifo") || wchan.contains("pipe") || stat.contains(") S ")
            usleep(10_000)
        }
        limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
        let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map(String.init) ?? ""
        #expect(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(limits)")
        let writer = open(fifo, O_WRONLY)
        _ = "correct horse\n".withCString { write(writer, $0, strlen($0)) }
        close(writer)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// SIGKILL at 60 seeded random points of `export --insecure-no-key-password`: the output
    /// folder holds either nothing or the whole, valid key file; never a partial or temporary file.
    /// How long one whole run of `arguments` takes here (at least 1 ms), to spread kill points
    /// over it, and the process ID that run had (a process now gone).
    static func wholeRun(_ home: StoreHome, _ arguments: [String]) throws -> (microseconds: Int, pid: Int32) {
        let clock = ContinuousClock()
        let started = clock.now
        let full = try home.start(arguments)
        full.waitUntilExit()
        try #require(full.terminationStatus == 0)
        let span = clock.now - started
        return (max(Int(span.components.seconds) * 1_000_000 + Int(span.components.attoseconds / 1_000_000_000_000), 1000),
                full.processIdentifier)
    }

    @Test func sigkillAtAnyPointOfAnExportLeavesNoFileWithTheKey() throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let out = home.root.appendingPathComponent("exports").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let arguments = ["export", name, "--format", "pem", "--out", out + "/key.pem", "--insecure-no-key-password"]
        let spanMicroseconds = try Self.wholeRun(home, arguments).microseconds
        unlink(out + "/key.pem")
        var generator = SeededGenerator(seed: 0x5EC2_E7F1_1E5)
        var completed = 0
        for round in 0..<60 {
            let delay = Int.random(in: 0...(spanMicroseconds * 11 / 10), using: &generator)
            let process = try home.start(arguments)
            usleep(UInt32(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            if left.isEmpty { continue }
            #expect(left == ["key.pem"], "round \(round), killed after \(delay) µs: \(left)")
            if left == ["key.pem"] {
                let check = CLI.openssl("pkey", "-in", out + "/key.pem", "-noout")
                #expect(check.status == 0, "round \(round): a key file exists but is not whole: \(check)")
                completed += 1
            }
            for file in left { unlink(out + "/" + file) }
        }
        // No temporary of the key is left in the home folder either.
        let homeFiles = try FileManager.default.contentsOfDirectory(atPath: home.home).filter { $0.contains(".tmp") }
        #expect(homeFiles.isEmpty, "\(homeFiles)")
        #expect(completed < 60, "some kills must land before the file is complete")
    }

    /// The same with `--force` over an existing key file: a kill can leave a hidden kept copy
    /// of the replaced key (`.key.pem.old-PID`) or a temporary; the next write removes those
    /// of processes that are gone, and leaves a live process's alone.
    @Test func sigkillDuringAForcedExportLeavesNoCopyOfTheKey() throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let out = home.root.appendingPathComponent("exports").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let arguments = ["export", name, "--format", "pem", "--out", out + "/key.pem", "--insecure-no-key-password", "--force"]
        let (spanMicroseconds, fullPID) = try Self.wholeRun(home, arguments)
        var generator = SeededGenerator(seed: 0xF0_2CE0_1D)
        for _ in 0..<30 {
            let process = try home.start(arguments)
            usleep(UInt32(Int.random(in: 0...(spanMicroseconds * 11 / 10), using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // A kill between keeping the old file and dropping it, made certain: a copy of the key
        // under the name a gone process gives it. And a live process's temporary (this one's).
        let gone = fullPID
        #expect(link(out + "/key.pem", out + "/.key.pem.old-\(gone)") == 0)
        let live = out + "/.key.pem.tmp-\(getpid())-1"
        #expect(FileManager.default.createFile(atPath: live, contents: Data("busy".utf8)))
        let last = try home.start(arguments)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(left == [".key.pem.tmp-\(getpid())-1", "key.pem"], "\(left)")
        #expect(CLI.openssl("pkey", "-in", out + "/key.pem", "-noout").status == 0)
    }

    /// `--out` that exists and is not a regular file (the /dev/stdout link) is refused, --force or not.
    @Test func anOutThatIsNotARegularFileIsRefused() throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let link = home.root.appendingPathComponent("out.pem").path
        try #require(symlink("/dev/stdout", link) == 0)
        // The real /dev/stdout is given without --force (so a binary with the bug cannot replace
        // the machine's link); the link in the scratch folder with --force.
        for (out, force) in [("/dev/stdout", []), (link, ["--force"])] {
            let result = try home.run(["export", name, "--format", "pem", "--out", out] + force, ["SPCONNECT_CERT_PASSWORD": Fixtures.password])
            #expect(result.status == 1, "\(result)")
            #expect(result.errorLines.first == "spconnect: error: \(out) exists and is not a regular file; spconnect writes only regular files", "\(result)")
            #expect(result.stdout.isEmpty)
        }
        var info = stat()
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, "the link is left as it was")
        var stdoutInfo = stat()
        #expect(lstat("/dev/stdout", &stdoutInfo) == 0 && (stdoutInfo.st_mode & S_IFMT) == S_IFLNK)
    }

    @Test(arguments: [("a", "it has 1 character; at least 12 are needed"), ("1234", "it has 4 characters; at least 12 are needed"),
                      ("aaaaaaaaaaaaaaaa", "it uses fewer than 5 different characters"),
                      ("abcdefghijklmnop", "it is a run of neighbouring characters"),
                      ("qwertyuiopqwer", "it is a run of keys on a keyboard row"),
                      ("Password123456!", "it is a common password with digits or signs added"),
                      ("P@ssw0rd2024", "it is a common password with digits or signs added"),
                      ("Summer2024!!", "it is a common password with digits or signs added"),
                      ("1qaz2wsx3edc", "it is a run of keys on a keyboard row"),
                      ("abc123abc123abc123", "it repeats the same few characters")])
    func aWeakStorePassphraseIsRefused(_ passphrase: String, _ problem: String) throws {
        let home = try StoreHome()
        defer { home.remove() }
        let result = try home.run(["init"], ["SPCONNECT_PASSPHRASE": passphrase])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines == ["spconnect: error: the store passphrase is too weak: \(problem)"], "\(result)")
        #expect(result.hintLines.first?.contains("--insecure-weak-passphrase") == true, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: home.database))
        let insisted = try home.run(["init", "--insecure-weak-passphrase"], ["SPCONNECT_PASSPHRASE": passphrase])
        #expect(insisted.status == 0, "\(insisted)")
    }

    @Test func aWeakExportPasswordAndRekeyPassphraseAreRefused() throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let out = home.root.appendingPathComponent("k.pfx").path
        let weak = try home.run(["export", name, "--format", "pfx", "--out", out], ["SPCONNECT_CERT_PASSWORD": "1234"])
        #expect(weak.status == 1 && weak.errorLines.first?.contains("the password is too weak") == true, "\(weak)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try home.run(["export", name, "--format", "pfx", "--out", out, "--insecure-weak-passphrase"],
                             ["SPCONNECT_CERT_PASSWORD": "1234"]).status == 0)
        let rekey = try home.run(["rekey"], ["SPCONNECT_NEW_PASSPHRASE": "letmein"])
        #expect(rekey.status == 1 && rekey.errorLines.first?.contains("the new store passphrase is too weak") == true, "\(rekey)")
        let cert = CLI.run(["cert", "new", "--name", "w", "--out", home.root.path, "--key", Fixtures.rsaKey], environment: ["SPCONNECT_CERT_PASSWORD": "short"])
        #expect(cert.status == 1 && cert.errorLines.first?.contains("too weak") == true, "\(cert)")
    }

    /// Ctrl-C at the no-echo prompt: the process ends by SIGINT, and the terminal's echo is on again.
    @Test(arguments: [["init"], ["export", "NAME", "--format", "pem", "--out", "OUT"], ["cert", "new", "--name", "c", "--out", "DIR", "--key", "KEY"]])
    func ctrlCAtAPromptLeavesEchoOn(_ template: [String]) throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let fresh = home.root.appendingPathComponent("fresh").path
        let arguments = template.map { argument -> String in
            switch argument {
            case "NAME": name
            case "OUT": home.root.appendingPathComponent("k.pem").path
            case "DIR": home.root.path
            case "KEY": Fixtures.rsaKey
            default: argument
            }
        }
        let environment = template[0] == "init" ? typedEnvironment(home, ["SPCONNECT_HOME": fresh]) : typedEnvironment(home)
        let prompt = template[0] == "init" ? "New store passphrase: " : template[0] == "export" ? "Store passphrase: " : "Password for c.key.pem"
        let result = CLI.run(arguments, environment: environment, terminal: [TerminalExchange(prompt: prompt, answer: "\u{03}")])
        #expect(result.status == 128 + SIGINT, "\(result)")
        #expect(result.terminalEcho == true, "the terminal's echo is left off:\n\(result)")
    }

    /// Under `nohup` (SIGINT ignored), the prompt leaves the signal ignored: Ctrl-C does not
    /// end it; the line typed after it is read as the passphrase.
    @Test func aSignalIgnoredBeforeThePromptStaysIgnored() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let fresh = home.root.appendingPathComponent("fresh").path
        let result = CLI.run(["init"], ignoring: SIGINT, environment: typedEnvironment(home, ["SPCONNECT_HOME": fresh]),
                             terminal: [TerminalExchange(prompt: "New store passphrase: ", answer: "\u{03}correct horse battery"),
                                        TerminalExchange(prompt: "Again", answer: "correct horse battery")])
        #expect(result.status == 0, "\(result)")
        #expect(result.terminalEcho == true, "\(result)")
    }

    /// A mistyped passphrase at the terminal is asked for once more; the second try works.
    @Test func aMistypedPassphraseGetsOneRetry() throws {
        let (home, name) = try seededHome()
        defer { home.remove() }
        let out = home.root.appendingPathComponent("k.pem").path
        let result = CLI.run(["export", name, "--format", "pem", "--out", out], environment: typedEnvironment(home, ["SPCONNECT_CERT_PASSWORD": Fixtures.password]),
                             terminal: [TerminalExchange(prompt: "Store passphrase: ", answer: "correct hrose"),
                                        TerminalExchange(prompt: "Store passphrase: ", answer: "correct horse")])
        #expect(result.status == 0, "\(result)")
        #expect(result.terminal.contains("Wrong passphrase; try once more."), "\(result)")
        #expect(FileManager.default.fileExists(atPath: out))
        let twice = CLI.run(["export", name, "--format", "pem", "--out", out + "2"], environment: typedEnvironment(home, ["SPCONNECT_CERT_PASSWORD": Fixtures.password]),
                            terminal: [TerminalExchange(prompt: "Store passphrase: ", answer: "wrong one"),
                                       TerminalExchange(prompt: "Store passphrase: ", answer: "wrong two")])
        #expect(twice.status == 1 && twice.errorLines == ["spconnect: error: wrong passphrase"], "\(twice)")
        #expect(!FileManager.default.fileExists(atPath: out + "2"))
    }
}
