import Common

extension Hint {
    /// What to do after an error of the `usage` domain.
    static func usage(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
