#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ArgumentParser
import Certificates
import Common
import Mail
import Vault
import Workflow

/// `spconnect _dev`: hidden helpers for the test suite and the benchmark. Not for users.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_dev",
        abstract: "Test and benchmark helpers.",
        shouldDisplay: false,
        subcommands: [Seed.self, Integrity.self, SMTPBurst.self]
    )

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

        func run() throws {
            let store = try Store.open(at: global.location)
            let rsa = try key.map { try RSAPrivateKey(pem: try FileBytes.read($0), password: nil) } ?? RSAPrivateKey.generate(bits: 2048)
            let der = try rsa.pkcs8DER()
            let certificate = try SelfSignedCertificate.make(commonName: "seed", key: rsa, days: 365)
            let prints = certificate.fingerprints
            for index in 0..<(requests + connections) {
                let id = try RequestID.generate()
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
            Console.out("requests: \(requests.count)")
            Console.out("connections: \(connections.count)")
            guard deep else { return }
            let unlocked = try store.unlock(passphrase: try Passphrases.current())
            var opened = 0
            var failures: [String] = []
            for request in requests where request.sealedKey != nil {
                do { _ = try unlocked.key(of: request); opened += 1 } catch { failures.append(error.reason) }
            }
            for connection in connections {
                do { _ = try unlocked.key(of: connection); opened += 1 } catch { failures.append(error.reason) }
            }
            Console.out("sealed keys opened: \(opened)")
            for failure in failures { Console.out("sealed key failed: \(failure)") }
            if !failures.isEmpty { throw ExitCode(1) }
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
            let overrides = delivery.overrides(from: nil)
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
}
