import Common
import Mail
import Vault

/// Which way a request's email leaves: the outbox (a draft file) or SMTP (libESMTP, or
/// libcurl for a bearer token from `[smtp] token_command` or implicit TLS),
/// from `--transport`, else `[defaults] transport`, else SMTP when `[smtp] host` is set.
public enum TransportChoice: String, Sendable, CaseIterable {
    case outbox, smtp

    /// Flags that override `[smtp]` in config.toml.
    public struct SMTPOverrides: Sendable {
        public var host: String?
        public var port: Int?
        public var username: String?
        public var caFile: String?
        public var verbose = false

        public init() {}
    }

    /// The choice for these flags and settings.
    public static func resolve(_ flag: String?, configuration: Configuration, overrides: SMTPOverrides) throws(WorkflowError) -> TransportChoice {
        if let text = flag ?? configuration.defaults.transport {
            guard let choice = TransportChoice(rawValue: text) else {
                throw WorkflowError(.invalidOption, worded: "\(option: "transport") must be outbox or smtp, not \(text)",
                                    facts: ErrorFacts(values: [.option: "transport", .problem: "value"]))
            }
            return choice
        }
        return configuration.hasSMTPServer || overrides.host != nil ? .smtp : .outbox
    }

    /// The transport itself; SMTP settings come from config.toml with the flags on top.
    public func transport(configuration: Configuration, overrides: SMTPOverrides, location: StoreLocation,
                          variables: EnvironmentVariables = .process) throws -> any MailTransport {
        switch self {
        case .outbox:
            return OutboxTransport(folder: location.outboxPath)
        case .smtp:
            guard let host = overrides.host ?? configuration.smtp.host else {
                throw WorkflowError(.invalidOption, "no SMTP server is configured",
                                    facts: ErrorFacts(values: [.option: "transport", .path: location.configPath]))
            }
            var smtp = configuration.smtp
            if let username = overrides.username { smtp.username = username }
            if let command = smtp.tokenCommand {
                // The token is fetched now, before anything else is done, and lives in wiped memory.
                let token = try TokenCommand(command, for: .smtp, timeout: Double(smtp.tokenTimeoutSeconds)).run(variables: variables)
                let settings = SMTPSettings(host: host, port: overrides.port ?? smtp.port, username: smtp.username,
                                            caFile: overrides.caFile ?? smtp.caFile, timeoutSeconds: smtp.timeoutSeconds,
                                            verbose: overrides.verbose, token: token, authentication: smtp.auth, security: smtp.security)
                return try SMTPTransport(settings: settings)
            }
            var password = try SMTPPassword.resolve(smtp, variables: variables)
            if let username = smtp.username, password == nil {
                // Nothing configured: ask at a terminal, without echo (no terminal: the error below).
                var prompt = PasswordSource(file: nil, environmentVariable: "SPCONNECT_SMTP_PASSWORD",
                                            prompt: "SMTP password for \(username) at \(host): ")
                prompt.variables = variables
                do {
                    password = try prompt.read(confirm: false)
                } catch where error.code != .passwordUnavailable {
                    throw WorkflowError(.smtpPasswordUnavailable, error.reason, cause: .wrapping(error))
                } catch {}
            }
            if smtp.username != nil && password == nil {
                throw WorkflowError(.smtpPasswordUnavailable, "an SMTP username is set but no password",
                                    facts: ErrorFacts(values: [.path: location.configPath]))
            }
            let settings = SMTPSettings(host: host, port: overrides.port ?? configuration.smtp.port, username: smtp.username, password: password,
                                        caFile: overrides.caFile ?? configuration.smtp.caFile,
                                        timeoutSeconds: configuration.smtp.timeoutSeconds, verbose: overrides.verbose,
                                        authentication: smtp.auth, security: smtp.security)
            return try SMTPTransport(settings: settings)
        }
    }
}
