import Common

/// The error type of the `Entra` module: clouds, permission profiles, tokens and SharePoint calls.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
public struct EntraError: UserFacingError, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case unknownCloud
        case unknownProfile
        case unknownRole
        case invalidValue
    }

    public let code: Code
    public let reason: String
    public let hint: String?

    public init(_ code: Code, _ reason: String, hint: String? = nil) {
        self.code = code
        self.reason = reason
        self.hint = hint
    }

    public static func == (lhs: EntraError, rhs: EntraError) -> Bool { lhs.code == rhs.code }
}
