import Common

/// The codes of the `Workflow` module's own checks.
extension ErrorCode {
    /// `config.toml` cannot be read.
    public static let configUnreadable = ErrorCode(.workflow, "configUnreadable")
    /// `config.toml` is not valid TOML, or has a table, key or value spconnect does not take.
    public static let configInvalid = ErrorCode(.workflow, "configInvalid")
    /// The SMTP password cannot be had (its file, its command, the environment or the terminal).
    public static let smtpPasswordUnavailable = ErrorCode(.workflow, "smtpPasswordUnavailable")
    /// `[smtp] token_command` failed, hung, or printed no bearer token.
    public static let smtpTokenUnavailable = ErrorCode(.workflow, "smtpTokenUnavailable")
    /// An option's value, or a combination of options, is refused before anything is done: a usage error.
    public static let invalidOption = ErrorCode(.workflow, "invalidOption")
    /// The stored request cannot be rendered (a value no longer parses).
    public static let invalidRequest = ErrorCode(.workflow, "invalidRequest")

    // Renewal (`renew`).
    /// The app cannot roll its own certificate; ``ErrorFact/problem`` says why: `noObjectID`,
    /// `expired`, `noValidCertificate` (Entra refuses the current one), `policy` (Graph's 403:
    /// an app management policy), `refused` (another 4xx from addKey).
    public static let renewalImpossible = ErrorCode(.workflow, "renewalImpossible")
    /// A renewal stopped part-way; the connection keeps its certificate and the next `renew`
    /// resumes: ``ErrorFact/problem`` `graphToken`, `addKeyUnanswered` or `newCertificateFailed`.
    public static let renewalIncomplete = ErrorCode(.workflow, "renewalIncomplete")
    /// A renewal would leave three certificates: the previous one must be retired first.
    public static let previousNotRetired = ErrorCode(.workflow, "previousNotRetired")
    /// `--retire`, but there is no previous certificate.
    public static let nothingToRetire = ErrorCode(.workflow, "nothingToRetire")
    /// Graph did not remove the previous certificate: ``ErrorFact/problem`` `graphToken`,
    /// `refused`, or `keyIDGuessed` (its keyId was never told to spconnect).
    public static let retireFailed = ErrorCode(.workflow, "retireFailed")
    /// The admin's reply to a renewal request (`renew --via-admin`) does not fit the connection
    /// it renews: ``ErrorFact/problem`` `clientID` or `tenant` (the reply names another app or
    /// tenant), or `connectionGone` (the connection was deleted); nothing was changed.
    public static let renewalReplyMismatch = ErrorCode(.workflow, "renewalReplyMismatch")
    /// No Key Vault access token: the token command failed, hung or printed none, or neither
    /// a command nor the variable was given (``ErrorFact/problem`` says which).
    public static let keyVaultTokenUnavailable = ErrorCode(.workflow, "keyVaultTokenUnavailable")
    /// The outbox draft was written but could not be opened in the mail program: no opener
    /// on `PATH` (``ErrorFact/problem`` `missing`), it could not start (`start`), or it failed
    /// (`failed`). ``ErrorFact/path`` is the draft, ``ErrorFact/command`` the opener.
    public static let draftNotOpened = ErrorCode(.workflow, "draftNotOpened")
}

/// The values a `Workflow` error carries for its hint.
extension ErrorFact {
    /// The option concerned, by its name in the request's options (`admin`, `tenant`,
    /// `appName`…), never spelled as a flag.
    public static let option = ErrorFact("option")
    /// A command the person may run to see more (`password_command`).
    public static let command = ErrorFact("command")
}

extension ErrorCode {
    /// `exec`'s command cannot be started: not found, not executable (``ErrorFact/problem``
    /// `notFound`, `notExecutable`, else `spawn`).
    public static let commandNotStarted = ErrorCode(.workflow, "commandNotStarted")
    /// What `exec` needs around its command (the credential's memory file, the signal relay) cannot be made.
    public static let childProcessFailed = ErrorCode(.workflow, "childProcessFailed")
}
