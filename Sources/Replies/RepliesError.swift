import Common

/// The error of the `Replies` module: reading an admin's reply and checking the values it
/// carries against the request it answers. Its codes are in `ErrorCode+Replies.swift`.
///
/// Equality is the error's ``SpconnectError/code``, so a test can build the expected error
/// directly. Messages name the values concerned (IDs and thumbprints are not secrets).
public typealias RepliesError = SpconnectError
