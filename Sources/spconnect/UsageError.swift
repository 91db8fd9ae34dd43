import Common

/// A refusal of the command line itself (a flag that needs another, an answer only a
/// terminal can give): exits 2, like every other usage error.
struct UsageError: UserFacingError {
    let reason: String
    let hint: String?
    /// The refused value's own error code, when a module's check refused it (`invalidClientID`).
    let code: String

    init(_ reason: String, hint: String? = nil, code: String = "usage") {
        self.reason = reason
        self.hint = hint
        self.code = code
    }

    /// Runs a check of a command-line value: whatever it refuses is a usage error.
    static func checking<T>(_ check: () throws -> T) throws -> T {
        do {
            return try check()
        } catch let error as any UserFacingError {
            throw UsageError(error.shownReason, hint: error.shownHint,
                             code: ErrorReport.code(of: error) ?? "usage")
        }
    }
}
