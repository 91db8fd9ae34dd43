/// A module's one error type: it carries a `code`, and two errors are equal when their
/// codes are, so a test can build the error it expects directly.
public protocol CodedError: UserFacingError, Equatable {
    associatedtype Code: Equatable
    /// What kind of failure this is.
    var code: Code { get }
}

extension CodedError {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}

/// An error that names where it happened (a file, a record, a value) and may carry
/// OpenSSL's own messages; its reason reads `location: detail (openssl messages)`.
public protocol LocatedError: CodedError {
    /// What went wrong, without the location.
    var detail: String { get }
    /// The file, record or value concerned, or empty.
    var location: String { get }
    /// OpenSSL's messages, oldest first, or empty.
    var openSSLErrors: [String] { get }
}

extension LocatedError {
    public var reason: String {
        let base = location.isEmpty ? detail : "\(location): \(detail)"
        return openSSLErrors.isEmpty ? base : "\(base) (\(openSSLErrors.joined(separator: "; ")))"
    }
}
