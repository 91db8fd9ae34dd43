/// An error the command line can show a person: what went wrong and what to do next.
///
/// Each module has one error type that conforms to this protocol. The CLI prints
/// `spconnect: error: <reason>` and, when there is one, `spconnect: hint: <hint>`.
/// Neither text may contain a secret.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// One line saying what went wrong, naming the file or value concerned.
    var reason: String { get }
    /// What the person can do next, if anything useful can be said.
    var hint: String? { get }
}

extension UserFacingError {
    public var description: String { reason }
}

extension UserFacingError {
    /// ``reason`` with the options it names kept by key: a ``SpconnectError``'s
    /// ``SpconnectError/wordedReason``, any other error's reason as it is.
    public var wordedReason: OptionText {
        (self as? SpconnectError)?.wordedReason ?? OptionText(reason)
    }
}
