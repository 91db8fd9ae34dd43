import Common
import Mail
import Vault
import Templates

/// How `request` and `send` deliver the email: the transport asked for, the flags that
/// override `[smtp]`, and the templates. ``prepare(configuration:in:)`` makes everything
/// before anything else is done (before `request` generates a key).
public struct DeliverySetup: Sendable {
    /// `--transport`; nil: `[defaults] transport`, else SMTP when a server is configured.
    public var transport: TransportChoice?
    /// The flags that override `[smtp]` in config.toml.
    public var overrides = TransportChoice.SMTPOverrides()
    /// A folder of `NAME.mustache` files that replace the shipped templates (it must exist).
    public var templates: String?
    /// Open the outbox draft in the mail program once it is written (`--open`): the outbox
    /// transport unless ``transport`` is SMTP, which is refused.
    public var openDraft: DraftOpener?

    /// The default delivery: config.toml decides.
    public init() {}

    /// Everything a delivery needs, made and checked.
    public struct Prepared: Sendable {
        /// The transport chosen.
        public let choice: TransportChoice
        let transport: any MailTransport
        let templates: TemplateLibrary
        let opener: DraftOpener?

        /// Delivers `request` through the transport and records the outcome on it, then opens
        /// the draft when asked (a failure of either is returned, not thrown: the request
        /// stays, ready for `send`, and its draft stays where it was written).
        func deliver(_ request: RequestRecord, store: Store, in environment: Environment) throws -> DeliveredRequest {
            if choice == .smtp { environment.notify(.sending(recipients: request.admins + request.cc)) }
            let outcome = try RequestDelivery.deliver(request, store: store, transport: transport, templates: templates)
            var delivered = DeliveredRequest(outcome: outcome, transport: choice, location: store.location)
            if let opener, case .outbox(let path)? = outcome.receipt?.destination {
                do {
                    try opener.open(path, variables: environment.variables)
                    delivered.openedWith = opener.program
                } catch {
                    delivered.openFailure = error
                }
            }
            return delivered
        }
    }

    /// Checks the transport, its settings and the templates, and makes the transport; a
    /// missing SMTP setting or password fails here, having changed nothing.
    func prepare(configuration: Configuration, in environment: Environment) throws -> Prepared {
        if openDraft != nil && transport == .smtp {
            throw WorkflowError(.invalidOption, worded: "\(option: "open") opens the outbox draft; \(option: "transport") smtp sends the email instead",
                                facts: ErrorFacts(values: [.option: "open"]))
        }
        let choice = openDraft != nil
            ? .outbox : try TransportChoice.resolve(transport?.rawValue, configuration: configuration, overrides: overrides)
        let transport = try environment.transport(choice, configuration: configuration, overrides: overrides)
        let library = try TemplateLibrary(overridesIn: templates ?? environment.location.templatesPath, required: templates != nil)
        return Prepared(choice: choice, transport: transport, templates: library, opener: openDraft)
    }
}
