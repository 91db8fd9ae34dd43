import Common

/// How to reach the SMTP submission server. The config file and flags fill this in.
///
/// TLS is always required (STARTTLS on 587, or implicit TLS on 465) and the server's
/// certificate always verified: there is no setting to turn either off.
public struct SMTPSettings: Sendable {
    /// How the session signs in (`[smtp] auth`).
    public enum Authentication: String, Sendable, CaseIterable {
        /// A bearer token when one is given (OAUTHBEARER or XOAUTH2, whichever the server
        /// offers), else the password with PLAIN or LOGIN.
        case auto
        /// AUTH PLAIN with the password (RFC 4616).
        case plain
        /// AUTH LOGIN with the password.
        case login
        /// AUTH XOAUTH2 with the bearer token (Google's and Microsoft's SASL XOAUTH2).
        case xoauth2
        /// AUTH OAUTHBEARER with the bearer token (RFC 7628).
        case oauthbearer

        /// Whether the mechanism signs in with a bearer token rather than a password.
        public var usesToken: Bool { self == .xoauth2 || self == .oauthbearer }
    }

    /// How TLS starts (`[smtp] security`).
    public enum Security: String, Sendable, CaseIterable {
        /// SMTP, then STARTTLS before anything else (RFC 3207; the submission port 587).
        case starttls
        /// TLS from the first byte (implicit TLS, RFC 8314 §3.3; port 465).
        case tls

        /// The usual port: 587 for STARTTLS, 465 for implicit TLS.
        public var defaultPort: Int { self == .tls ? 465 : 587 }
    }

    /// The highest TLS version offered.
    public enum TLSCeiling: Sendable {
        /// TLS 1.3 (default; its session tickets are read before EHLO, see ``SMTPTransport``).
        case tls13
        /// TLS 1.2, for servers whose TLS 1.3 misbehaves.
        case tls12
    }

    /// The server's host name (or IP address); the certificate must be issued for it.
    public var host: String
    /// The submission port, 587 by default (465 for implicit TLS).
    public var port: Int
    /// The login, if the server needs one (AUTH only over TLS).
    public var username: String?
    /// The password; wiped when the last reference goes.
    public var password: SecretBytes?
    /// The bearer token for XOAUTH2 or OAUTHBEARER; wiped when the last reference goes.
    public var token: SecretBytes?
    /// How the session signs in.
    public var authentication: Authentication = .auto
    /// How TLS starts.
    public var security: Security = .starttls
    /// A PEM file of trusted CAs; nil for the system's store.
    public var caFile: String?
    /// How long to wait for the server at any step, in seconds.
    public var timeoutSeconds: Int
    /// Whether to keep the SMTP dialogue (AUTH lines redacted) in receipts and errors.
    public var verbose: Bool
    /// The highest TLS version to offer (TLS 1.2 is always the lowest).
    public var tlsCeiling: TLSCeiling

    public init(host: String, port: Int = 587, username: String? = nil, password: SecretBytes? = nil,
                caFile: String? = nil, timeoutSeconds: Int = 60, verbose: Bool = false,
                tlsCeiling: TLSCeiling = .tls13, token: SecretBytes? = nil,
                authentication: Authentication = .auto, security: Security = .starttls) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.token = token
        self.authentication = authentication
        self.security = security
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.verbose = verbose
        self.tlsCeiling = tlsCeiling
    }

    /// `host:port` as libESMTP and people read it (IPv6 literals in brackets).
    public var server: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Which library runs the session: libESMTP for PLAIN or LOGIN (its choice) over
    /// STARTTLS with a password, as before; libcurl for a bearer token, a mechanism named
    /// in `[smtp] auth`, or implicit TLS, which libESMTP 1.1 cannot do (see the Mail
    /// catalog's article "Choosing the SMTP engine").
    enum Engine { case libESMTP, libcurl }

    var engine: Engine {
        security == .tls || authentication != .auto || token != nil ? .libcurl : .libESMTP
    }

    /// Whether the session signs in with the bearer token.
    var signsInWithToken: Bool {
        authentication.usesToken || (authentication == .auto && token != nil)
    }

    /// The SASL mechanisms the session may use, by their SMTP names.
    var mechanisms: [String] {
        switch authentication {
        case .auto: token != nil ? ["OAUTHBEARER", "XOAUTH2"] : ["PLAIN", "LOGIN"]
        case .plain: ["PLAIN"]
        case .login: ["LOGIN"]
        case .xoauth2: ["XOAUTH2"]
        case .oauthbearer: ["OAUTHBEARER"]
        }
    }

    /// Checks every value before a connection is tried.
    func validate() throws(MailError) {
        try HeaderText.refuseControls(host, field: "smtp host")
        let hostBytes = Array(host.utf8)
        let hostOK = !hostBytes.isEmpty && hostBytes.count <= 253 && hostBytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
        }
        guard hostOK else {
            throw MailError(.invalidSettings, "'\(host)' is not a host name", location: "smtp host",
                            facts: ErrorFacts(values: [.setting: "smtp.host"]))
        }
        guard (1...65535).contains(port) else {
            throw MailError(.invalidSettings, "\(port) is not a port number", location: "smtp port",
                            facts: ErrorFacts(values: [.setting: "smtp.port"]))
        }
        if let username {
            try HeaderText.refuseControls(username, field: "smtp username")
            guard !username.isEmpty, username.utf8.count <= 256 else {
                throw MailError(.invalidSettings, "the username is empty or too long", location: "smtp username")
            }
            if signsInWithToken {
                guard let token, !token.isEmpty else {
                    throw MailError(.invalidSettings, "auth \(authentication.rawValue) needs a bearer token and there is none",
                                    location: "smtp token", facts: ErrorFacts(values: [.setting: "smtp.token_command", .mailCheck: "missingToken"]))
                }
                let hasControl = token.withUnsafeBytes { bytes in bytes.contains { $0 <= 0x20 || $0 >= 0x7F } }
                guard !hasControl else {
                    throw MailError(.invalidSettings, "the bearer token holds a space, a control character or a non-ASCII byte",
                                    location: "smtp token", facts: ErrorFacts(values: [.setting: "smtp.token_command", .mailCheck: "tokenCharacter"]))
                }
            } else {
                guard let password, !password.isEmpty else {
                    throw MailError(.invalidSettings, "a username is set but there is no password",
                                    location: "smtp password", facts: ErrorFacts(values: [.setting: "smtp.password", .mailCheck: "missing"]))
                }
                let hasControl = password.withUnsafeBytes { bytes in bytes.contains { $0 < 0x20 || $0 == 0x7F } }
                guard !hasControl else {
                    throw MailError(.invalidSettings, "the password holds a control character (a stray line break?)",
                                    location: "smtp password", facts: ErrorFacts(values: [.setting: "smtp.password", .mailCheck: "controlCharacter"]))
                }
            }
        } else if authentication != .auto {
            throw MailError(.invalidSettings, "auth \(authentication.rawValue) needs [smtp] username", location: "smtp username",
                            facts: ErrorFacts(values: [.setting: "smtp.username", .mailCheck: "missingUsername"]))
        }
        if let caFile { try HeaderText.refuseControls(caFile, field: "smtp ca_file") }
        guard (1...3600).contains(timeoutSeconds) else {
            throw MailError(.invalidSettings, "\(timeoutSeconds) s is not a usable timeout (1 to 3600)", location: "smtp timeout")
        }
    }
}
