import Common

extension Hint {
    /// What to do after an error of the `workflow` domain.
    static func workflow(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
