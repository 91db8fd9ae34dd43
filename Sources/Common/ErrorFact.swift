/// The name of a value an error carries for its hint (``ErrorFacts/values``). Modules add
/// names as static members, as with ``ErrorCode``.
public struct ErrorFact: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }

    /// A file or folder concerned (to `chmod`, `chown`, remove or create).
    public static let path = ErrorFact("path")
    /// A host name (a server, a SharePoint host, an authority host).
    public static let host = ErrorFact("host")
    /// The name of a setting in `config.toml` (`smtp.host`), never a flag.
    public static let setting = ErrorFact("setting")
    /// A limit that was passed (a size, a count), as text.
    public static let limit = ErrorFact("limit")
    /// A request ID or a connection name the next step names.
    public static let record = ErrorFact("record")
}
