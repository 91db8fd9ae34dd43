import Common

/// The error of the `Workflow` module: the use cases' own checks (configuration, request
/// options, templates and the instructions rendered from them), as opposed to the failures
/// of the parts they use. Its codes are in `ErrorCode+Workflow.swift` and
/// `ErrorCode+Templates.swift`.
///
/// Equality is the error's ``SpconnectError/code``, so a test can build the expected error directly.
public typealias WorkflowError = SpconnectError

extension ErrorCause {
    /// `error` kept whole as the cause, when it is a ``SpconnectError``.
    static func wrapping(_ error: any Error) -> ErrorCause? {
        (error as? SpconnectError).map(ErrorCause.error)
    }
}
