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

    /// The default delivery: config.toml decides.
    public init() {}

    /// Everything a delivery needs, made and checked.
    public struct Prepared: Sendable {
        /// The transport chosen.
        public let choice: TransportChoice
        let transport: any MailTransport
        let templates: TemplateLibrary

        /// Delivers `request` through the transport and records the outcome on it (a failure
        /// is returned, not thrown: the request stays, ready for `send`).
        func deliver(_ request: RequestRecord, store: Store, in environment: Environment) throws -> DeliveredRequest {
            if choice == .smtp { environment.notify(.sending(recipients: request.admins + request.cc)) }
            let outcome = try RequestDelivery.deliver(request, store: store, transport: transport, templates: templates)
            return DeliveredRequest(outcome: outcome, transport: choice, location: store.location)
        }
    }

    /// Checks the transport, its settings and the templates, and makes the transport; a
    /// missing SMTP setting or password fails here, having changed nothing.
    func prepare(configuration: Configuration, in environment: Environment) throws -> Prepared {
        let choice = try TransportChoice.resolve(transport?.rawValue, configuration: configuration, overrides: overrides)
        let transport = try environment.transport(choice, configuration: configuration, overrides: overrides)
        let library = try TemplateLibrary(overridesIn: templates ?? environment.location.templatesPath, required: templates != nil)
        return Prepared(choice: choice, transport: transport, templates: library)
    }
}
