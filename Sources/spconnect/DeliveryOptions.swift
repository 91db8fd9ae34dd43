import ArgumentParser
import Common
import Workflow

/// How `request` and `send` deliver the email.
struct DeliveryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("outbox (a draft file) or smtp (default: smtp when [smtp] host is configured, else outbox).", valueName: "transport"))
    var transport: TransportChoice?

    @Option(name: .customLong("smtp-host"), help: ArgumentHelp("The SMTP server (overrides [smtp] host).", valueName: "host"))
    var smtpHost: String?

    @Option(name: .customLong("smtp-port"), help: ArgumentHelp("The SMTP submission port (default 587 with STARTTLS, 465 with [smtp] security = \"tls\").", valueName: "port"))
    var smtpPort: Int?

    @Option(name: .customLong("smtp-user"), help: ArgumentHelp("The SMTP user name; the password comes from SPCONNECT_SMTP_PASSWORD or config.toml.", valueName: "name"))
    var smtpUser: String?

    @Option(name: .customLong("smtp-ca-file"), help: ArgumentHelp("CA certificates (PEM) that sign the SMTP server's certificate.", valueName: "file"))
    var smtpCAFile: String?

    @Flag(name: .long, help: "Show the SMTP dialogue (AUTH lines redacted).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("A folder of NAME.mustache files that replace the shipped templates.", valueName: "dir"))
    var templates: String?

    @Flag(name: .long, help: "Open the draft in your mail program (xdg-open, or open on macOS) to send it yourself; implies --transport outbox.")
    var open = false

    /// Whether any option asks for a delivery (`send --mark-sent` takes none).
    var isGiven: Bool {
        transport != nil || smtpHost != nil || smtpPort != nil || smtpUser != nil || smtpCAFile != nil || verbose || templates != nil || open
    }

    func validate() throws {
        if let smtpPort, !(1...65_535).contains(smtpPort) {
            throw ValidationError("--smtp-port must be from 1 to 65535.")
        }
    }

    /// The delivery these options ask for.
    var setup: DeliverySetup {
        var setup = DeliverySetup()
        setup.transport = transport
        setup.overrides.host = smtpHost
        setup.overrides.port = smtpPort
        setup.overrides.username = smtpUser
        setup.overrides.caFile = smtpCAFile
        setup.overrides.verbose = verbose
        setup.templates = templates
        setup.openDraft = open ? DraftOpener() : nil
        return setup
    }

    /// Prints what happened to a delivery; exits 1 when it failed (the request stays, ready for `send`).
    /// `home` is the `--home` the user gave, carried into the commands printed to paste.
    func present(_ delivered: DeliveredRequest, json: Bool, home: String?) throws {
        let outcome = delivered.outcome
        if verbose {
            for line in outcome.receipt?.transcript ?? outcome.failure?.facts.transcript ?? [] { Console.note("smtp: " + line) }
        }
        DeliveryReport(delivered: delivered, home: home).print(json: json)
        let failure: (any UserFacingError)? = outcome.failure.map { DeliveryFailed(failure: $0, requestID: outcome.request.id, home: home) }
            ?? delivered.openFailure
        if let failure {
            // Under --json the document above already says what failed: no second one.
            if json {
                Console.report(failure)
                throw ExitCode.failure
            }
            throw failure
        }
    }
}
