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

extension ErrorFact {
    /// The hint of a wrapped error that is not yet a ``SpconnectError`` (a module still in
    /// the old shape): kept so its next step is not lost; gone once every module is converted.
    public static let unconvertedHint = ErrorFact("unconvertedHint")
}

extension SpconnectError {
    /// This error keeping the hint of `error` when `error` is of the old shape (not a
    /// ``SpconnectError``, whose hint ``Hints`` writes from its code and facts).
    func keepingHint(of error: any Error) -> SpconnectError {
        guard !(error is SpconnectError), let hint = (error as? any UserFacingError)?.hint else { return self }
        return with { $0[.unconvertedHint] = hint }
    }
}
