import Common

extension Hint {
    /// What to do after an error of the `templates` domain.
    static func templates(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
