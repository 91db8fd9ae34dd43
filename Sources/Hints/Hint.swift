import Common

/// The command line's one writer of `spconnect: hint:` lines: it turns an error's code and
/// facts into what to do next. Modules below the CLI carry facts, never hint text, and never
/// name a flag; the flags, commands and settings a hint names are written here alone.
///
/// Each domain has its own file (`Hint+Vault.swift`…) with one function that switches on
/// the codes of that domain; a code with nothing useful to say returns nil.
public enum Hint {
    /// What to do next after `error`, or nil.
    public static func text(for error: SpconnectError) -> String? {
        switch error.code.domain {
        case .common: common(error)
        case .certificates: certificates(error)
        case .vault: vault(error)
        case .entra: entra(error)
        case .mail: mail(error)
        case .replies: replies(error)
        case .templates: templates(error)
        case .workflow: workflow(error)
        case .usage: usage(error)
        }
    }

    /// The hint of the error underneath `error`, for codes whose next step is the cause's.
    static func underlying(_ error: SpconnectError) -> String? {
        if case .error(let inner)? = error.cause { return text(for: inner) }
        return nil
    }
}
