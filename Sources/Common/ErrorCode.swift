/// A kind of failure: the module (``domain``) and a stable ``name``, the `code` of
/// `spconnect --json`'s error document.
///
/// Each module declares its codes as static members, so a throw site reads
/// `throw VaultError(.storeMissing, "…")`:
///
/// ```swift
/// extension ErrorCode {
///     /// There is no store in the home folder.
///     public static let storeMissing = ErrorCode(.vault, "storeMissing")
/// }
/// ```
///
/// Two modules may use the same ``name`` (both `untrusted`); their Swift names then differ.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The module the failure belongs to.
    public let domain: ErrorDomain
    /// The stable name, as `--json` prints it.
    public let name: String

    public init(_ domain: ErrorDomain, _ name: String) {
        self.domain = domain
        self.name = name
    }

    public var description: String { name }
}
