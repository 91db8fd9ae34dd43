#if canImport(Glibc)
import Glibc
#endif
import Common

/// Where spconnect keeps its files: `--home`, else `SPCONNECT_HOME`, else
/// `$XDG_DATA_HOME/spconnect`, else `~/.local/share/spconnect`.
public struct StoreLocation: Sendable, Equatable {
    /// The home folder (mode 0700).
    public let home: String

    /// Where the store's key is pinned (outside the home folder): see ``StorePin``.
    public let pinFolder: String

    public init(home: String, pinFolder: String? = nil, variables: EnvironmentVariables = .process) {
        self.home = home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
        self.pinFolder = pinFolder ?? Self.defaultPinFolder(variables)
    }

    /// `$XDG_CONFIG_HOME/spconnect/pins`, else `~/.config/spconnect/pins`, where `~` is
    /// `HOME`, else the account's home (`getpwuid`). A relative `XDG_CONFIG_HOME` is ignored
    /// (as the XDG base directory rules say). Empty when there is no home at all: the pin is
    /// then refused (``StorePin``), never kept relative to the working folder.
    static func defaultPinFolder(_ variables: EnvironmentVariables = .process) -> String {
        if let value = variables.text("XDG_CONFIG_HOME"), value.hasPrefix("/") { return value + "/spconnect/pins" }
        guard let home = userHome(variables) else { return "" }
        return home + "/.config/spconnect/pins"
    }

    /// `HOME` when it is an absolute path, else the home folder of the effective user's account.
    static func userHome(_ variables: EnvironmentVariables) -> String? {
        if let value = variables.text("HOME"), value.hasPrefix("/") { return value }
        guard let account = getpwuid(geteuid()), let directory = account.pointee.pw_dir else { return nil }
        let path = String(cString: directory)
        return path.hasPrefix("/") ? path : nil
    }

    /// Resolves the home folder from the flag and the environment.
    public static func resolve(home flag: String?, variables: EnvironmentVariables = .process) -> StoreLocation {
        if let flag, !flag.isEmpty { return StoreLocation(home: flag, variables: variables) }
        if let value = variables.text("SPCONNECT_HOME") { return StoreLocation(home: value, variables: variables) }
        if let value = variables.text("XDG_DATA_HOME") { return StoreLocation(home: value + "/spconnect", variables: variables) }
        return StoreLocation(home: (userHome(variables) ?? ".") + "/.local/share/spconnect", variables: variables)
    }

    /// `store.sqlite`: requests, connections, audit; secrets sealed (mode 0600).
    public var databasePath: String { home + "/store.sqlite" }
    /// `outbox/`: request emails when no SMTP server is configured.
    public var outboxPath: String { home + "/outbox" }
    /// `templates/`: the user's own templates.
    public var templatesPath: String { home + "/templates" }
    /// `config.toml`.
    public var configPath: String { home + "/config.toml" }
}
