import Common

/// The codes of the `Workflow` module's own checks.
extension ErrorCode {
    /// `config.toml` cannot be read.
    public static let configUnreadable = ErrorCode(.workflow, "configUnreadable")
    /// `config.toml` is not valid TOML, or has a table, key or value spconnect does not take.
    public static let configInvalid = ErrorCode(.workflow, "configInvalid")
    /// The SMTP password cannot be had (its file, its command, the environment or the terminal).
    public static let smtpPasswordUnavailable = ErrorCode(.workflow, "smtpPasswordUnavailable")
    /// An option's value, or a combination of options, is refused before anything is done: a usage error.
    public static let invalidOption = ErrorCode(.workflow, "invalidOption")
    /// The stored request cannot be rendered (a value no longer parses).
    public static let invalidRequest = ErrorCode(.workflow, "invalidRequest")
}

/// The values a `Workflow` error carries for its hint.
extension ErrorFact {
    /// The option concerned, by its name in the request's options (`admin`, `tenant`,
    /// `appName`…), never spelled as a flag.
    public static let option = ErrorFact("option")
    /// A command the person may run to see more (`password_command`).
    public static let command = ErrorFact("command")
}
