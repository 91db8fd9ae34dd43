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

    /// The environment a program spconnect starts gets (`NAME=value` each): all of these
    /// variables but spconnect's own (`SPCONNECT_…`), so no passphrase or password reaches it.
    public func forChildProcess() -> [String] {
        let prefix = "SPCONNECT_"
        if let values {
            return values.filter { !$0.key.hasPrefix(prefix) }.map { "\($0.key)=\($0.value)" }.sorted()
        }
        // Each entry is checked before it is copied: a passphrase never becomes a String.
        var found: [String] = []
        var index = 0
        while let pointer = environ[index] {
            if strncmp(pointer, prefix, prefix.utf8.count) != 0 { found.append(String(cString: pointer)) }
            index += 1
        }
        return found
    }

    /// The value of `name` as secret bytes (an empty value gives empty bytes); nil when unset.
    public func secret(_ name: String) -> SecretBytes? {
        if let values { return values[name].map { SecretBytes(Array($0.utf8)) } }
        guard let value = getenv(name) else { return nil }
        return SecretBytes(copying: UnsafeRawBufferPointer(start: value, count: strlen(value)))
    }
}
