#if canImport(Glibc)
import Glibc
#endif
import Common
import Mail
import TOMLKit

/// `$SPCONNECT_HOME/config.toml`: the SMTP server and defaults for `request`.
///
/// ```toml
/// [smtp]
/// host = "smtp.example.com"
/// port = 587                       # STARTTLS is required
/// username = "dev@example.com"
/// password_file = "/home/dev/.config/spconnect/smtp-password"   # or password_command = "pass show smtp"
/// ca_file = "/etc/ssl/certs/corp-ca.pem"
/// from = "Dana Developer <dev@example.com>"
/// # auth = "xoauth2"                      # auto (default), plain, login, xoauth2, oauthbearer
/// # token_command = "oama access dev@example.com"   # prints the bearer token
/// # security = "tls"                      # starttls (default, port 587) or tls (port 465)
///
/// [defaults]
/// cloud = "global"
/// permission = "sites-selected"
/// ```
/// Unknown keys are errors (a typo must not silently drop a setting). Flags override the file.
public struct Configuration: Sendable, Equatable {
    /// The `[smtp]` table.
    public struct SMTP: Sendable, Equatable {
        public var host: String?
        public var port: Int = 587
        public var username: String?
        public var passwordFile: String?
        public var passwordCommand: String?
        public var caFile: String?
        public var from: String?
        public var timeoutSeconds: Int = 60
        /// `auth`: how to sign in.
        public var auth: SMTPSettings.Authentication = .auto
        /// `token_command`: prints the bearer token for XOAUTH2 or OAUTHBEARER.
        public var tokenCommand: String?
        /// `token_timeout_seconds`: how long the token command may take.
        public var tokenTimeoutSeconds: Int = 30
        /// `security`: STARTTLS or implicit TLS.
        public var security: SMTPSettings.Security = .starttls

        public init() {}
    }

    /// The `[defaults]` table: values used when the flag is not given.
    public struct Defaults: Sendable, Equatable {
        public var from: String?
        public var cloud: String?
        public var permission: String?
        public var siteRole: String?
        public var api: String?
        public var keySize: Int?
        public var days: Int?
        public var transport: String?

        public init() {}
    }

    public var smtp = SMTP()
    public var defaults = Defaults()
    /// The file it was read from, if any.
    public var path: String?

    public init() {}

    /// Whether an SMTP server is configured (else `request` uses the outbox).
    public var hasSMTPServer: Bool { smtp.host != nil }

    /// Reads `path`; a missing file is an empty configuration.
    /// The file must be the user's and writable by no one else (``FileTrust``): its
    /// `password_command` runs as the user.
    public static func load(_ path: String) throws(WorkflowError) -> Configuration {
        let read: [UInt8]?
        do {
            read = try FileBytes.readTrusted(path, limit: 1 << 20)
        } catch {
            throw WorkflowError(.configUnreadable, error.reason, cause: .wrapping(error))
        }
        guard let bytes = read else { return Configuration() }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses TOML text.
    public static func parse(_ text: String, path: String = "config.toml") throws(WorkflowError) -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw WorkflowError(.configInvalid, "\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)",
                                facts: ErrorFacts(values: [.problem: "syntax"]))
        } catch {
            throw WorkflowError(.configInvalid, "\(path): \(error)")
        }
        var configuration = Configuration()
        configuration.path = path
        let reader = TableReader(path: path)
        for key in table.keys {
            guard key == "smtp" || key == "defaults" else {
                throw WorkflowError(.configInvalid, "\(path): unknown table or key '\(key)'",
                                    facts: ErrorFacts(values: [.problem: "unknownTable"]))
            }
        }
        if let smtp = table["smtp"] {
            let section = try reader.table(smtp, "smtp")
            try reader.allow(section, "smtp", ["host", "port", "username", "password_file", "password_command", "ca_file", "from", "timeout_seconds",
                                               "auth", "token_command", "token_timeout_seconds", "security"])
            configuration.smtp.host = try reader.string(section, "smtp", "host")
            configuration.smtp.auth = try reader.choice(section, "smtp", "auth") ?? .auto
            configuration.smtp.security = try reader.choice(section, "smtp", "security") ?? .starttls
            configuration.smtp.tokenCommand = try reader.string(section, "smtp", "token_command")
            configuration.smtp.tokenTimeoutSeconds = try reader.int(section, "smtp", "token_timeout_seconds", in: 1...600) ?? 30
            configuration.smtp.port = try reader.int(section, "smtp", "port", in: 1...65_535) ?? configuration.smtp.security.defaultPort
            configuration.smtp.username = try reader.string(section, "smtp", "username")
            configuration.smtp.passwordFile = try reader.string(section, "smtp", "password_file")
            configuration.smtp.passwordCommand = try reader.string(section, "smtp", "password_command")
            configuration.smtp.caFile = try reader.string(section, "smtp", "ca_file")
            configuration.smtp.from = try reader.string(section, "smtp", "from")
            configuration.smtp.timeoutSeconds = try reader.int(section, "smtp", "timeout_seconds", in: 1...3600) ?? 60
            if configuration.smtp.passwordFile != nil && configuration.smtp.passwordCommand != nil {
                throw WorkflowError(.configInvalid, "\(path): [smtp] has both password_file and password_command",
                                    facts: ErrorFacts(values: [.problem: "bothPasswords"]))
            }
            let smtp = configuration.smtp
            if smtp.auth.usesToken && smtp.tokenCommand == nil {
                throw WorkflowError(.configInvalid, "\(path): [smtp] auth = \"\(smtp.auth.rawValue)\" needs token_command",
                                    facts: ErrorFacts(values: [.problem: "noTokenCommand"]))
            }
            if smtp.tokenCommand != nil && (smtp.auth == .plain || smtp.auth == .login) {
                throw WorkflowError(.configInvalid, "\(path): [smtp] auth = \"\(smtp.auth.rawValue)\" signs in with a password, not token_command",
                                    facts: ErrorFacts(values: [.problem: "tokenWithPassword"]))
            }
            if smtp.tokenCommand != nil && (smtp.passwordFile != nil || smtp.passwordCommand != nil) {
                throw WorkflowError(.configInvalid, "\(path): [smtp] has both token_command and a password",
                                    facts: ErrorFacts(values: [.problem: "bothPasswords"]))
            }
            if (smtp.auth != .auto || smtp.tokenCommand != nil) && smtp.username == nil {
                throw WorkflowError(.configInvalid, "\(path): [smtp] auth and token_command need username (the mailbox that signs in)",
                                    facts: ErrorFacts(values: [.problem: "noUsername"]))
            }
        }
        if let defaults = table["defaults"] {
            let section = try reader.table(defaults, "defaults")
            try reader.allow(section, "defaults", ["from", "cloud", "permission", "site_role", "api", "key_size", "days", "transport"])
            configuration.defaults.from = try reader.string(section, "defaults", "from")
            configuration.defaults.cloud = try reader.string(section, "defaults", "cloud")
            configuration.defaults.permission = try reader.string(section, "defaults", "permission")
            configuration.defaults.siteRole = try reader.string(section, "defaults", "site_role")
            configuration.defaults.api = try reader.string(section, "defaults", "api")
            configuration.defaults.keySize = try reader.int(section, "defaults", "key_size", in: 2048...4096)
            configuration.defaults.days = try reader.int(section, "defaults", "days", in: 1...3650)
            configuration.defaults.transport = try reader.string(section, "defaults", "transport")
        }
        return configuration
    }

    /// Reads typed values out of TOML tables with errors that name the key.
    private struct TableReader {
        let path: String

        func table(_ value: any TOMLValueConvertible, _ name: String) throws(WorkflowError) -> TOMLTable {
            guard let table = value.table else {
                throw WorkflowError(.configInvalid, "\(path): '\(name)' must be a table ([\(name)])")
            }
            return table
        }

        func allow(_ table: TOMLTable, _ name: String, _ keys: Set<String>) throws(WorkflowError) {
            if let unknown = table.keys.first(where: { !keys.contains($0) }) {
                throw WorkflowError(.configInvalid, "\(path): unknown key '\(unknown)' in [\(name)]",
                                    facts: ErrorFacts(values: [.problem: "unknownKey", .known: keys.sorted().joined(separator: ", ")]))
            }
        }

        func string(_ table: TOMLTable, _ section: String, _ key: String) throws(WorkflowError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string, !text.isEmpty else {
                throw WorkflowError(.configInvalid, "\(path): [\(section)] \(key) must be a non-empty string")
            }
            return text
        }

        func choice<Choice: RawRepresentable & CaseIterable>(_ table: TOMLTable, _ section: String, _ key: String) throws(WorkflowError) -> Choice?
            where Choice.RawValue == String {
            guard let text = try string(table, section, key) else { return nil }
            guard let value = Choice(rawValue: text) else {
                let names = Choice.allCases.map(\.rawValue)
                throw WorkflowError(.configInvalid, "\(path): [\(section)] \(key) must be one of \(names.joined(separator: ", ")), not \"\(ServerText.shown(text, limit: 40))\"",
                                    facts: ErrorFacts(values: [.problem: "unknownValue", .known: names.joined(separator: ", ")]))
            }
            return value
        }

        func int(_ table: TOMLTable, _ section: String, _ key: String, in range: ClosedRange<Int>) throws(WorkflowError) -> Int? {
            guard let value = table[key] else { return nil }
            guard let number = value.int, range.contains(number) else {
                throw WorkflowError(.configInvalid, "\(path): [\(section)] \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
    }
}
