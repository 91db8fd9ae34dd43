/// The one error of spconnect: every module throws it, so a function that calls several
/// modules keeps its typed `throws(SpconnectError)` without rewrapping.
///
/// It says *what* went wrong (``code``, ``detail``, ``location``), *why* when a lower layer
/// knows (``cause``: OpenSSL's messages or another error), and the *facts* the command line
/// needs to say what to do next (``facts``: who acts, Entra's AADSTS code, whether trying
/// again may work, the values a hint names). It never carries hint text and never names a
/// command-line flag: the CLI turns code and facts into its `spconnect: hint:` line.
///
/// Equality is the ``code``, so a test can build the error it expects directly:
/// `#expect(throws: VaultError(.storeMissing, ""))`. Each module names the type after
/// itself (`VaultError`, `EntraError`…) with a type alias, and defines its codes as static
/// members of ``ErrorCode``. No text in it may contain a secret.
public struct SpconnectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure; each module adds its own as static members.
    public typealias Code = ErrorCode

    /// What kind of failure this is; equality compares it alone.
    public let code: ErrorCode
    /// One line on what went wrong, without the location.
    public let detail: String
    /// The file, record, option value or server concerned, or empty.
    public let location: String
    /// What caused it underneath, when a lower layer said.
    public let cause: ErrorCause?
    /// The facts a hint is made from.
    public let facts: ErrorFacts

    /// Makes an error of `code` about `location`.
    public init(_ code: ErrorCode, _ detail: String, location: String = "", cause: ErrorCause? = nil, facts: ErrorFacts = ErrorFacts()) {
        self.code = code
        self.detail = detail
        self.location = location
        self.cause = cause
        self.facts = facts
    }

    /// Makes an error of `code` whose detail (or location) names a command-line option by its
    /// key: ``detail`` and ``location`` say it plainly, ``ErrorFacts/worded`` keeps it for the
    /// command line to spell as its flag.
    public init(_ code: ErrorCode, worded detail: OptionText, location: OptionText = "", cause: ErrorCause? = nil, facts: ErrorFacts = ErrorFacts()) {
        var facts = facts
        facts.worded[.detail] = detail.namesOption ? detail : nil
        facts.worded[.location] = location.namesOption ? location : nil
        self.init(code, detail.plain, location: location.plain, cause: cause, facts: facts)
    }

    /// `location: detail`, then the server's reply when the detail does not quote it, then
    /// OpenSSL's messages: the text after `spconnect: error: `.
    public var reason: String { wordedReason.plain }

    /// ``reason`` with the options its detail and location name kept by key
    /// (``ErrorFacts/worded``), for the command line to spell as flags.
    public var wordedReason: OptionText {
        let detail = facts.worded[.detail] ?? OptionText(self.detail)
        let location = facts.worded[.location] ?? OptionText(self.location)
        var text = self.location.isEmpty ? detail : "\(location): \(detail)"
        if let reply = facts.serverReply, !self.detail.contains(reply) { text = text + OptionText(" (server said: \(reply))") }
        let messages = cause?.openSSLMessages ?? []
        if !messages.isEmpty { text = text + OptionText(" (\(messages.joined(separator: "; ")))") }
        return text
    }

    public var description: String { reason }

    /// The same error about another file, record or value.
    public func at(_ location: String) -> SpconnectError {
        var facts = self.facts
        facts.worded[.location] = nil
        return SpconnectError(code, detail, location: location, cause: cause, facts: facts)
    }

    /// The same error about a command-line option (`"\(option: "admin")"`), which the
    /// command line spells as its flag.
    public func at(_ location: OptionText) -> SpconnectError {
        var facts = self.facts
        facts.worded[.location] = location.namesOption ? location : nil
        return SpconnectError(code, detail, location: location.plain, cause: cause, facts: facts)
    }

    /// The same error with `change` applied to its facts.
    public func with(_ change: (inout ErrorFacts) -> Void) -> SpconnectError {
        var facts = self.facts
        change(&facts)
        return SpconnectError(code, detail, location: location, cause: cause, facts: facts)
    }

    public static func == (lhs: SpconnectError, rhs: SpconnectError) -> Bool { lhs.code == rhs.code }
}

extension SpconnectError: UserFacingError {
    /// Always nil: hint text is written by the command line (`Hint.text(for:)` in the
    /// `Hints` module) from ``code`` and ``facts``; this error never carries it.
    public var hint: String? { nil }
}
