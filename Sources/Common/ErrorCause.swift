/// What caused a ``SpconnectError`` underneath.
public indirect enum ErrorCause: Sendable, Equatable {
    /// OpenSSL's error queue, oldest message first.
    case openSSL([String])
    /// An error of a lower layer, kept whole.
    case error(SpconnectError)
    /// A system call's `errno`.
    case system(Int32)

    /// OpenSSL's messages, however deep they were found.
    public var openSSLMessages: [String] {
        switch self {
        case .openSSL(let messages): messages
        case .error(let error): error.cause?.openSSLMessages ?? []
        case .system: []
        }
    }

    /// `error` kept whole as the cause, when it is a ``SpconnectError``.
    public static func wrapping(_ error: any Error) -> ErrorCause? {
        (error as? SpconnectError).map(ErrorCause.error)
    }

    public static func == (lhs: ErrorCause, rhs: ErrorCause) -> Bool {
        switch (lhs, rhs) {
        case (.openSSL(let a), .openSSL(let b)): a == b
        case (.error(let a), .error(let b)): a.code == b.code && a.detail == b.detail
        case (.system(let a), .system(let b)): a == b
        default: false
        }
    }
}
