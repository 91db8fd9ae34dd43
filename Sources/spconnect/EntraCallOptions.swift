import ArgumentParser
import Workflow

/// The options of every command that calls Entra ID (`verify`, `token`, `renew`): the login
/// host, an extra CA and the timeout of each HTTPS exchange.
struct EntraCallOptions: ParsableArguments {
    @Option(name: .customLong("authority-host"), help: ArgumentHelp("Use this login host (and port) instead of the cloud's.", valueName: "host"))
    var authorityHost: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Also trust the CA certificates in this PEM file.", valueName: "file"))
    var caFile: String?

    @Option(name: .long, help: ArgumentHelp("Seconds allowed for each HTTPS exchange.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--timeout must be between 0 and 600 seconds.")
        }
        // Checked here, before the store is unlocked, not after the passphrase was asked for.
        do { try VerifyConnection.checkAuthorityHost(authorityHost) } catch { throw ValidationError("\(error.shownReason); \(error.shownHint ?? "")") }
    }

    /// Puts these options into `options`.
    func apply(to options: inout ConnectionVerifier.Options) {
        options.authorityHost = authorityHost
        options.caFile = caFile
        options.timeout = timeout
    }
}
