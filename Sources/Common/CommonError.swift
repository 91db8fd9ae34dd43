/// The errors of the `Common` module: file-system and input failures. Its codes are in
/// `ErrorCode+Common.swift`; the hints the command line shows for them are written by the
/// `Hints` module from the code and ``ErrorFacts``.
public typealias CommonError = SpconnectError
