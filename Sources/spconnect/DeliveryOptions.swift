import ArgumentParser
import Mail
import Vault
import Workflow

/// How `request` and `send` deliver the email.
struct DeliveryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("outbox (a draft file) or smtp (default: smtp when [smtp] host is configured, else outbox).", valueName: "transport"))
    var transport: TransportChoice?

    @Option(name: .customLong("smtp-host"), help: ArgumentHelp("The SMTP server (overrides [smtp] host).", valueName: "host"))
    var smtpHost: String?

    @Option(name: .customLong("smtp-port"), help: ArgumentHelp("The SMTP submission port (default 587; STARTTLS is required).", valueName: "port"))
    var smtpPort: Int?

    @Option(name: .customLong("smtp-user"), help: ArgumentHelp("The SMTP user name; the password comes from SPCONNECT_SMTP_PASSWORD or config.toml.", valueName: "name"))
    var smtpUser: String?

    @Option(name: .customLong("smtp-ca-file"), help: ArgumentHelp("CA certificates (PEM) that sign the SMTP server's certificate.", valueName: "file"))
    var smtpCAFile: String?

    @Flag(name: .long, help: "Show the SMTP dialogue (AUTH lines redacted).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("A folder of NAME.mustache files that replace the shipped templates.", valueName: "dir"))
    var templates: String?

    func validate() throws {
        if let smtpPort, !(1...65_535).contains(smtpPort) {
            throw ValidationError("--smtp-port must be from 1 to 65535.")
        }
    }

    var overrides: TransportChoice.SMTPOverrides {
        var overrides = TransportChoice.SMTPOverrides()
        overrides.host = smtpHost
        overrides.port = smtpPort
        overrides.username = smtpUser
        overrides.caFile = smtpCAFile
        overrides.verbose = verbose
        return overrides
    }

    /// Everything a delivery needs, made before anything else (before `request` generates a
    /// key): the transport with its settings and password, and the templates.
    struct Prepared {
        let choice: TransportChoice
        let transport: any MailTransport
        let templates: TemplateLibrary
        let verbose: Bool
    }

    /// Checks the transport, its settings and the templates, and makes the transport; a
    /// missing SMTP setting or password fails here, having changed nothing.
    func prepare(configuration: Configuration, in environment: Environment) throws -> Prepared {
        let overrides = self.overrides
        let location = environment.location
        let choice = try TransportChoice.resolve(transport?.rawValue, configuration: configuration, overrides: overrides)
        let transport = try environment.transport(choice, configuration: configuration, overrides: overrides)
        let library = try TemplateLibrary(overridesIn: templates ?? location.templatesPath, required: templates != nil)
        return Prepared(choice: choice, transport: transport, templates: library, verbose: verbose)
    }
}

extension DeliveryOptions.Prepared {
    /// Delivers `request` and prints what happened; exits 1 when it failed (the request stays, ready for `send`).
    /// `home` is the `--home` the user gave, carried into the commands printed to paste.
    func deliver(_ request: RequestRecord, store: Store, json: Bool, home: String?) throws {
        if choice == .smtp && !json { Console.note("Sending to \((request.admins + request.cc).joined(separator: ", "))…") }
        let outcome = try RequestDelivery.deliver(request, store: store, transport: transport, templates: templates)
        if verbose {
            for line in outcome.receipt?.transcript ?? outcome.failure?.facts.transcript ?? [] { Console.note("smtp: " + line) }
        }
        DeliveryReport(outcome: outcome, transport: choice, location: store.location, home: home).print(json: json)
        if let failure = outcome.failure {
            let error = DeliveryFailed(failure: failure, requestID: request.id, home: home)
            // Under --json the document above already says what failed: no second one.
            if json {
                Console.report(error)
                throw ExitCode.failure
            }
            throw error
        }
    }
}
