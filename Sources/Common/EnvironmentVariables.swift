#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment variables spconnect reads (`SPCONNECT_HOME`, `SPCONNECT_PASSPHRASE`,
/// `XDG_CONFIG_HOME`…), and the one place they are read from: the process's environment,
/// or a fixed set of values given to ``init(_:)``.
///
/// Secret values (passphrases, passwords) are copied from the environment straight into
/// ``SecretBytes`` by ``secret(_:)``, never into a `String` that cannot be wiped.
public struct EnvironmentVariables: Sendable {
    /// nil: the process's environment, read with `getenv` when asked.
    private let values: [String: String]?

    /// The process's environment.
    public static let process = EnvironmentVariables(values: nil)

    /// A fixed set of values instead of the process's environment.
    public init(_ values: [String: String]) {
        self.values = values
    }

    private init(values: [String: String]?) {
        self.values = values
    }

    /// Whether `name` is set at all (an empty value counts as set).
    public func isSet(_ name: String) -> Bool {
        if let values { return values[name] != nil }
        return getenv(name) != nil
    }

    /// The value of `name`; nil when it is unset or empty.
    public func text(_ name: String) -> String? {
        let value: String?
        if let values {
            value = values[name]
        } else {
            value = getenv(name).map { String(cString: $0) }
        }
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// The names of the variables whose values are secrets (passphrases, passwords, tokens):
    /// what a child that spconnect starts (`exec`) never inherits.
    public static let secretNames: Set<String> = [
        "SPCONNECT_PASSPHRASE", "SPCONNECT_NEW_PASSPHRASE", "SPCONNECT_CERT_PASSWORD", "SPCONNECT_KEY_PASSWORD", "SPCONNECT_SMTP_PASSWORD",
        "SPCONNECT_KEYVAULT_TOKEN",
    ]

    /// Every variable as `NAME=value`, in the environment's order, except those in
    /// `excluded`: the environment a child process starts from.
    public func entries(excluding excluded: Set<String>) -> [String] {
        if let values {
            return values.sorted { $0.key < $1.key }.filter { !excluded.contains($0.key) }.map { "\($0.key)=\($0.value)" }
        }
        var found: [String] = []
        let start: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var cursor = start else { return found }
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            let name = text.prefix { $0 != "=" }
            if !excluded.contains(String(name)) { found.append(text) }
            cursor = cursor.advanced(by: 1)
        }
        return found
    }

    /// The value of `name` as secret bytes (an empty value gives empty bytes); nil when unset.
    public func secret(_ name: String) -> SecretBytes? {
        if let values { return values[name].map { SecretBytes(Array($0.utf8)) } }
        guard let value = getenv(name) else { return nil }
        return SecretBytes(copying: UnsafeRawBufferPointer(start: value, count: strlen(value)))
    }

    /// `SPCONNECT_KEYVAULT_TOKEN`: an Azure Key Vault access token for `export --to
    /// azure-keyvault` when no token command is given; nil when unset.
    public var keyVaultToken: SecretBytes? { secret("SPCONNECT_KEYVAULT_TOKEN") }

    /// The environment a helper command (a token command) is started with: every variable
    /// as `NAME=VALUE`, except spconnect's own (`SPCONNECT_*`, which carry passphrases,
    /// passwords and tokens that are no business of the helper).
    public func forChildProcess() -> [String] {
        if let values {
            return values.filter { !$0.key.hasPrefix("SPCONNECT_") }.map { "\($0.key)=\($0.value)" }.sorted()
        }
        var entries: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if !text.hasPrefix("SPCONNECT_") { entries.append(text) }
            cursor += 1
        }
        return entries
    }
}
