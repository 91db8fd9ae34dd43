import Common

extension Hint {
    /// What to do after an error of the `common` domain.
    static func common(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
