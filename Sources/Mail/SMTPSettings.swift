import Common

/// How to reach the SMTP submission server. The config file and flags fill this in.
///
/// STARTTLS is always required and the server's certificate always verified: there is
/// no setting to turn either off.
public struct SMTPSettings: Sendable {
    /// The highest TLS version offered.
    public enum TLSCeiling: Sendable {
        /// TLS 1.3 (default; its session tickets are read before EHLO, see ``SMTPTransport``).
        case tls13
        /// TLS 1.2, for servers whose TLS 1.3 misbehaves.
        case tls12
    }

    /// The server's host name (or IP address); the certificate must be issued for it.
    public var host: String
    /// The submission port, 587 by default (STARTTLS; implicit TLS on 465 is not supported).
    public var port: Int
    /// The login, if the server needs one (AUTH PLAIN or LOGIN, only over TLS).
    public var username: String?
    /// The password; wiped when the last reference goes.
    public var password: SecretBytes?
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
                tlsCeiling: TLSCeiling = .tls13) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.verbose = verbose
        self.tlsCeiling = tlsCeiling
    }

    /// `host:port` as libESMTP and people read it (IPv6 literals in brackets).
    public var server: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
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
        if let caFile { try HeaderText.refuseControls(caFile, field: "smtp ca_file") }
        guard (1...3600).contains(timeoutSeconds) else {
            throw MailError(.invalidSettings, "\(timeoutSeconds) s is not a usable timeout (1 to 3600)", location: "smtp timeout")
        }
    }
}
