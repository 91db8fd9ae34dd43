import Common

extension Hint {
    /// What to do after an error of the `entra` domain.
    static func entra(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
