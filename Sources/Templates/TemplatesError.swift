import Common

/// The error of the `Templates` module: a template that cannot be found, read or rendered.
/// Its codes are in `ErrorCode+Templates.swift`.
///
/// Equality is the error's ``SpconnectError/code``, so a test can build the expected error directly.
public typealias TemplatesError = SpconnectError
