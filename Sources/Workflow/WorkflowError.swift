import Common

/// The error type of the `Workflow` module: the use cases' own checks (configuration,
/// request options, templates and the instructions rendered from them), as opposed to the
/// failures of the parts they use.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
public struct WorkflowError: CodedError {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case configUnreadable
        case configInvalid
        case smtpPasswordUnavailable
        case invalidOption
        /// A template name that is not one of ``TemplateLibrary/names``.
        case unknownTemplate
        /// A template names a variable the instructions do not provide.
        case missingVariable
        /// A template is not valid Mustache, or uses a construct spconnect refuses.
        case templateSyntax
        /// A template file or folder cannot be read.
        case templateUnreadable
        /// The stored request cannot be rendered (a value no longer parses).
        case invalidRequest
    }

    /// What kind of failure this is.
    public let code: Code
    /// One line saying what went wrong, naming the template and the variable when there is one.
    public let reason: String
    /// What to do next.
    public let hint: String?
    /// The template (name and file) or value concerned.
    public let location: String

    /// An error of `code`; `location` is the template file or value concerned.
    public init(_ code: Code, _ reason: String, hint: String? = nil, location: String = "") {
        self.code = code
        self.reason = reason
        self.hint = hint
        self.location = location
    }
}
