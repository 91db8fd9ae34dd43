import Common

/// The error of the `Workflow` module: the use cases' own checks (configuration, request
/// options, templates and the instructions rendered from them), as opposed to the failures
/// of the parts they use. Its codes are in `ErrorCode+Workflow.swift` (the
/// templates' are the `Templates` module's).
///
/// Equality is the error's ``SpconnectError/code``, so a test can build the expected error directly.
public typealias WorkflowError = SpconnectError
