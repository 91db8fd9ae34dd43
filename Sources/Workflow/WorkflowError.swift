import Common

/// The error type of the `Workflow` module: the use cases' own checks (configuration,
/// request options, replies), as opposed to the failures of the parts they use.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
public struct WorkflowError: UserFacingError, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case configUnreadable
        case configInvalid
        case smtpPasswordUnavailable
        case invalidOption
    }

    public let code: Code
    public let reason: String
    public let hint: String?
    /// The file, option or record concerned.
    public let location: String

    public init(_ code: Code, _ reason: String, hint: String? = nil, location: String = "") {
        self.code = code
        self.reason = reason
        self.hint = hint
        self.location = location
    }

    public static func == (lhs: WorkflowError, rhs: WorkflowError) -> Bool { lhs.code == rhs.code }
}
