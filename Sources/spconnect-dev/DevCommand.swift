#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CShims
import Certificates
import Common
import Mail
import Replies
import Vault
import Workflow

/// `spconnect _dev`: hidden helpers for the test suite and the benchmark. Not for users.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_dev",
        abstract: "Test and benchmark helpers.",
        shouldDisplay: false,
        subcommands: [Seed.self, Integrity.self, SMTPBurst.self, ParseReply.self, Hardening.self]
    )

    /// Prints what start-up hardening left in force: `dumpable 0` and `core 0 0`.
    struct Hardening: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hardening", abstract: "Show PR_GET_DUMPABLE and RLIMIT_CORE.")

        func run() throws {
            var limit = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
            Console.out("dumpable \(spc_prctl_get_dumpable())")
            Console.out("core \(limit.rlim_cur) \(limit.rlim_max)")
        }
    }

    /// Adds requests (and connections made from them) with real sealed keys.
    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "seed", abstract: "Add test requests and connections.")

        @OptionGroup var global: GlobalOptions

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
                    id: id, tenant: "contoso.onmicrosoft.com", cloud: "global", admins: ["admin@contoso.com"],
                    requester: "dev@contoso.com", sites: ["https://contoso.sharepoint.com/sites/s\(index)"],
                    permission: "sites-selected", siteRole: "write", api: "sharepoint", appName: "seed-\(index)",
                    certificate: Data(certificate.der), thumbprint: prints.thumbprint, notAfter: certificate.notAfter)
                try store.addRequest(record, privateKey: der)
                if index >= requests {
                    let fulfilment = Store.Fulfilment(name: "\(prefix)-\(id)", tenantID: "11111111-2222-4333-8444-555555555555",
                                                      tenantDomain: nil, clientID: "66666666-7777-4888-9999-000000000000")
                    _ = try store.fulfil(id, with: fulfilment, thumbprintSHA256: prints.sha256Fingerprint)
                }
                Console.out(id)
            }
        }
    }

    /// Prints `PRAGMA integrity_check`, the record counts and, with `--deep`, whether every
    /// sealed key opens (needs the passphrase).
    struct Integrity: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "integrity", abstract: "Check the store.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Unlock the store and open every sealed key.")
        var deep = false

        func run() throws {
            let store = try Store.open(at: global.location)
            let requests = try store.requests()
            let connections = try store.connections()
            Console.out("integrity: \(try store.integrityCheck())")
            let audit = try store.auditProtectionProblems()
            Console.out("audit log: " + (audit.isEmpty ? "append-only" : "NOT append-only: " + audit.joined(separator: "; ")))
            Console.out("requests: \(requests.count)")
            Console.out("connections: \(connections.count)")
            guard deep else {
                if !audit.isEmpty { throw ExitCode(1) }
                return
            }
            let unlocked = try Passphrases.unlock(store)
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
            Console.out("sealed keys opened: \(opened)")
            for failure in failures { Console.out("sealed key failed: \(failure)") }
            if !failures.isEmpty || !audit.isEmpty { throw ExitCode(1) }
        }
    }

    /// Sends one request's email COUNT times over one libESMTP session and prints messages per second.
    struct SMTPBurst: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "smtp-burst", abstract: "Send a request's email COUNT times in one SMTP session.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The request whose email is sent.")
        var request: String

        @Option(help: "How many copies.")
        var count = 200

        @OptionGroup var delivery: DeliveryOptions

        func run() throws {
            let store = try Store.open(at: global.location)
            let record = try store.request(request)
            let configuration = try Configuration.load(store.location.configPath)
            let overrides = delivery.overrides
            guard let transport = try TransportChoice.smtp.transport(configuration: configuration, overrides: overrides, location: store.location) as? SMTPTransport else {
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
            Console.out("delivered \(delivered) of \(count) in \(seconds) s: \(Double(delivered) / seconds) messages/s")
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
            Console.out(JSONValue.members([
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
