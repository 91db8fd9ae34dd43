#if canImport(Glibc)
import Glibc
#endif

/// Where spconnect keeps its files: `--home`, else `SPCONNECT_HOME`, else
/// `$XDG_DATA_HOME/spconnect`, else `~/.local/share/spconnect`.
public struct StoreLocation: Sendable, Equatable {
    /// The home folder (mode 0700).
    public let home: String

    /// Where the store's key is pinned (outside the home folder): see ``StorePin``.
    public let pinFolder: String

    public init(home: String, pinFolder: String? = nil) {
        self.home = home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
        self.pinFolder = pinFolder ?? Self.defaultPinFolder()
    }

    /// `$XDG_CONFIG_HOME/spconnect/pins`, else `~/.config/spconnect/pins`.
    static func defaultPinFolder() -> String {
        if let value = environment("XDG_CONFIG_HOME") { return value + "/spconnect/pins" }
        return (environment("HOME") ?? ".") + "/.config/spconnect/pins"
    }

    /// Resolves the home folder from the flag and the environment.
    public static func resolve(home flag: String?) -> StoreLocation {
        if let flag, !flag.isEmpty { return StoreLocation(home: flag) }
        if let value = environment("SPCONNECT_HOME") { return StoreLocation(home: value) }
        if let value = environment("XDG_DATA_HOME") { return StoreLocation(home: value + "/spconnect") }
        let userHome = environment("HOME") ?? "."
        return StoreLocation(home: userHome + "/.local/share/spconnect")
    }

    /// `store.sqlite`: requests, connections, audit; secrets sealed (mode 0600).
    public var databasePath: String { home + "/store.sqlite" }
    /// `outbox/`: request emails when no SMTP server is configured.
    public var outboxPath: String { home + "/outbox" }
    /// `templates/`: the user's own templates.
    public var templatesPath: String { home + "/templates" }
    /// `config.toml`.
    public var configPath: String { home + "/config.toml" }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
