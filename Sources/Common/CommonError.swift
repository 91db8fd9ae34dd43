/// The error type of the `Common` module: file-system and input failures.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
public struct CommonError: CodedError {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case fileExists
        case folderMissing
        case notWritable
        case writeFailed
        case readFailed
        case tooLarge
        case passwordUnavailable
        case passwordEmpty
        case passwordMismatch
        /// A file or folder someone else owns or can write (or read, for a secret).
        case untrusted
        /// A new passphrase or password below the strength floor.
        case weakPassword
        /// A path that exists and is not a regular file where one is written.
        case notRegularFile
    }

    public let code: Code
    public let reason: String
    public let hint: String?
    /// The file or value concerned.
    public let location: String

    /// The reason without a leading `location: `, for errors that add their own location.
    public var detail: String {
        let prefix = location + ": "
        return !location.isEmpty && reason.hasPrefix(prefix) ? String(reason.dropFirst(prefix.count)) : reason
    }

    public init(_ code: Code, _ reason: String, hint: String? = nil, location: String = "") {
        self.code = code
        self.reason = reason
        self.hint = hint
        self.location = location
    }
}
