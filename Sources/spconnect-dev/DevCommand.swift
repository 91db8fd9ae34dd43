#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
internal import CShims
import OpenSSLSupport
import Common
import Mail
import Replies
import Vault
import Workflow
import Domain
import Templates

/// `spconnect-dev`: helpers for the test suite and the benchmark, built beside `spconnect`
/// but not a product of the package (not installed, not shipped). Not for users.
@main
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spconnect-dev",
        abstract: "Test and benchmark helpers.",
        subcommands: [Seed.self, Integrity.self, SMTPBurst.self, ParseReply.self, Hardening.self, ClosedStandardToken.self]
    )

    /// `--home` may stand before the helper, as in `spconnect-dev --home DIR seed`.
    @OptionGroup var global: HomeOption

    /// Hardens the process as `spconnect` does, then runs the helper; errors end it with exit 1.
    static func main() {
        ProcessHardening.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    /// `--home`, as the store commands of `spconnect` take it.
    struct HomeOption: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The home folder (default: SPCONNECT_HOME, else $XDG_DATA_HOME/spconnect or ~/.local/share/spconnect).", valueName: "dir"))
        var home: String?

        /// The environment the helpers run in (the process's variables, this home).
        var environment: Environment { Environment(home: home) }

        /// The resolved home folder.
        var location: StoreLocation { environment.location }
    }

    /// The SMTP settings `smtp-burst` takes, named as `spconnect send` names them.
    struct SMTPOptions: ParsableArguments {
        @Option(name: .customLong("smtp-host"), help: ArgumentHelp("The SMTP server.", valueName: "host"))
        var smtpHost: String?

        @Option(name: .customLong("smtp-port"), help: ArgumentHelp("The SMTP submission port.", valueName: "port"))
        var smtpPort: Int?

        @Option(name: .customLong("smtp-user"), help: ArgumentHelp("The SMTP user name.", valueName: "name"))
        var smtpUser: String?

        @Option(name: .customLong("smtp-ca-file"), help: ArgumentHelp("CA certificates (PEM) of the SMTP server.", valueName: "file"))
        var smtpCAFile: String?

        @Option(name: .long, help: ArgumentHelp("A folder of NAME.mustache files that replace the shipped templates.", valueName: "dir"))
        var templates: String?

        var overrides: TransportChoice.SMTPOverrides {
            var overrides = TransportChoice.SMTPOverrides()
            overrides.host = smtpHost
            overrides.port = smtpPort
            overrides.username = smtpUser
            overrides.caFile = smtpCAFile
            return overrides
        }
    }

    /// Prints what start-up hardening left in force: `dumpable 0` and `core 0 0`.
    struct Hardening: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hardening", abstract: "Show PR_GET_DUMPABLE and RLIMIT_CORE.")

        func run() throws {
            var limit = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
            print("dumpable \(spc_prctl_get_dumpable())")
            print("core \(limit.rlim_cur) \(limit.rlim_max)")
        }
    }

    /// Runs an `[smtp] token_command` with standard input and output closed (so the pipes
    /// it is read through could be descriptors 0 and 1), and prints on standard error how
    /// many bytes the token has, never the token.
    struct ClosedStandardToken: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "closed-standard-token",
                                                        abstract: "Run a token command with descriptors 0 and 1 closed; show the token's length.")

        @Argument(help: "The token command.")
        var command: String

        func run() throws {
            close(0)
            close(1)
            let token = try TokenCommand(command, for: .smtp, timeout: 20).run()
            let line = Array("token \(token.count) bytes\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
    }

    /// Adds requests (and connections made from them) with real sealed keys.
    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "seed", abstract: "Add test requests and connections.")

        @OptionGroup var global: HomeOption

        @Option(help: "Requests to add.")
        var requests = 0

        @Option(help: "Connections to add (each from its own request).")
        var connections = 0

        @Option(help: "An RSA key (PEM, unencrypted) to use for every record instead of generating one.")
        var key: String?

        @Option(help: "Prefix for connection names.")
        var prefix = "seed"

        @Option(name: .customLong("id"), help: "Request IDs to use, one per request, instead of random ones.")
        var ids: [String] = []

        @Option(help: "A certificate (DER or PEM) to use for every record instead of making one; the key need not match it (for import tests).")
        var certificate: String?

        func run() throws {
            let store = try Store.open(at: global.location)
            let rsa = try key.map { try RSAPrivateKey(pem: try FileBytes.read($0), password: nil) } ?? RSAPrivateKey.generate(bits: 2048)
            let der = try rsa.pkcs8DER()
            let certificate: X509Certificate
            if let path = self.certificate {
                let bytes = try FileBytes.read(path, limit: 1 << 20)
                certificate = String(decoding: bytes.prefix(64), as: UTF8.self).contains("-----BEGIN")
                    ? try X509Certificate(pem: bytes) : try X509Certificate(der: bytes)
            } else {
                certificate = try SelfSignedCertificate.make(commonName: "seed", key: rsa, days: 365)
            }
            let prints = certificate.fingerprints
            let requests = max(self.requests, ids.count)
            for index in 0..<(requests + connections) {
                let id: String
                if index < ids.count {
                    guard let given = RequestID.normalize(ids[index]) else { throw ValidationError("\(ids[index]) is not a request ID.") }
                    id = given
                } else {
                    id = try RequestID.generate()
                }
                let record = RequestRecord(
                    id: id, tenant: "contoso.onmicrosoft.com", cloud: .global, admins: ["admin@contoso.com"],
                    requester: "dev@contoso.com", sites: ["https://contoso.sharepoint.com/sites/s\(index)"],
                    permission: .sitesSelected, siteRole: .write, api: .sharepoint, appName: "seed-\(index)",
                    certificate: Data(certificate.der), thumbprint: prints.thumbprint, notAfter: certificate.notAfter)
                try store.addRequest(record, privateKey: der)
                if index >= requests {
                    let fulfilment = Store.Fulfilment(name: "\(prefix)-\(id)", tenantID: "11111111-2222-4333-8444-555555555555",
                                                      tenantDomain: nil, clientID: "66666666-7777-4888-9999-000000000000")
                    _ = try store.fulfil(id, with: fulfilment, thumbprintSHA256: prints.sha256Fingerprint)
                }
                print(id)
            }
        }
    }

    /// Prints `PRAGMA integrity_check`, the record counts and, with `--deep`, whether every
    /// sealed key opens (needs the passphrase).
    struct Integrity: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "integrity", abstract: "Check the store.")

        @OptionGroup var global: HomeOption

        @Flag(help: "Unlock the store and open every sealed key.")
        var deep = false

        func run() throws {
            let store = try Store.open(at: global.location)
            let requests = try store.requests()
            let connections = try store.connections()
            print("integrity: \(try store.integrityCheck())")
            let audit = try store.auditProtectionProblems()
            print("audit log: " + (audit.isEmpty ? "append-only" : "NOT append-only: " + audit.joined(separator: "; ")))
            print("requests: \(requests.count)")
            print("connections: \(connections.count)")
            guard deep else {
                let macs = try recordMACs(store, of: requests.count + connections.count)
                if !audit.isEmpty || !macs { throw ExitCode(1) }
                return
            }
            // The unlock gives the records from before record MACs theirs (after their check), so the MACs are read after it.
            let unlocked = try global.environment.passphrases.unlock(store)
            let macs = try recordMACs(store, of: requests.count + connections.count)
            var opened = 0
            var failures: [String] = []
            for request in requests where request.sealedKey != nil {
                do { _ = try unlocked.key(of: request); opened += 1 } catch { failures.append(error.reason) }
            }
            for request in requests where request.sealedConnectionKey != nil {
                do { _ = try unlocked.connectionKey(of: request); opened += 1 } catch { failures.append(error.reason) }
            }
            for connection in connections {
                do { _ = try unlocked.key(of: connection); opened += 1 } catch { failures.append(error.reason) }
            }
            print("sealed keys opened: \(opened)")
            for failure in failures { print("sealed key failed: \(failure)") }
            if !failures.isEmpty || !audit.isEmpty || !macs { throw ExitCode(1) }
        }

        /// Prints how many record MACs are valid and every record whose MAC is missing or
        /// wrong; true when there is none.
        private func recordMACs(_ store: Store, of records: Int) throws -> Bool {
            let problems = try store.recordMACProblems()
            print("record MACs valid: \(max(0, records - problems.count)) of \(records)")
            for problem in problems { print("record MAC failed: \(problem.reason)") }
            return problems.isEmpty
        }
    }

    /// Sends one request's email COUNT times over one libESMTP session and prints messages per second.
    struct SMTPBurst: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "smtp-burst", abstract: "Send a request's email COUNT times in one SMTP session.")

        @OptionGroup var global: HomeOption

        @Argument(help: "The request whose email is sent.")
        var request: String

        @Option(help: "How many copies.")
        var count = 200

        @OptionGroup var delivery: SMTPOptions

        func run() throws {
            let store = try Store.open(at: global.location)
            let record = try store.request(request)
            let configuration = try Configuration.load(store.location.configPath)
            let overrides = delivery.overrides
            guard let transport = try global.environment.transport(.smtp, configuration: configuration, overrides: overrides) as? SMTPTransport else {
                throw ExitCode(1)
            }
            let library = try TemplateLibrary(overridesIn: delivery.templates, required: delivery.templates != nil)
            let message = try RequestMessage.compose(record, templates: library)
            let clock = ContinuousClock()
            let start = clock.now
            let results = try transport.deliverAll(Array(repeating: message, count: count))
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let delivered = results.filter { if case .success = $0 { return true } else { return false } }.count
            print("delivered \(delivered) of \(count) in \(seconds) s: \(Double(delivered) / seconds) messages/s")
            if delivered != count { throw ExitCode(1) }
        }
    }

    /// Prints the values a reply carries, as `import` finds them, and how long finding them took.
    struct ParseReply: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "parse-reply", abstract: "Show a reply's values and the parse time.")

        @Argument(help: "The reply: a message or text file, or - for standard input.")
        var file: String

        @Option(help: "Parse this many times and report the median and fastest time.")
        var `repeat` = 1

        func run() throws {
            let bytes = try ReplyFile.read(file)
            let clock = ContinuousClock()
            var times: [Duration] = []
            var parsed: ReplyValues?
            for _ in 0..<max(1, `repeat`) {
                let start = clock.now
                parsed = try ReplyParser.parse(bytes)
                times.append(clock.now - start)
            }
            guard let values = parsed else { return }
            times.sort()
            func microseconds(_ duration: Duration) -> Int {
                Int(duration.components.seconds) * 1_000_000 + Int(duration.components.attoseconds / 1_000_000_000_000)
            }
            let fields = ReplyField.allCases.map { field in
                (field.rawValue, JSONValue.array((values.values[field] ?? []).map { value in
                    JSONValue.members(["text": .string(value.text), "kind": .string(value.kind.rawValue), "line": .int(value.line),
                                       "level": .int(value.level), "document": .string(value.document), "inBlock": .bool(value.inBlock)])
                }))
            }
            print(JSONValue.members([
                "bytes": .int(bytes.count),
                "values": .object(fields),
                "blocks": .int(values.blockCount),
                "filledBlocks": .int(values.filledBlockCount),
                "incomplete": .bool(values.isIncomplete),
                "notes": .strings(values.notes),
                "runs": .int(times.count),
                "medianMicroseconds": .int(microseconds(times[times.count / 2])),
                "minMicroseconds": .int(microseconds(times[0])),
            ]).rendered)
        }
    }
}
