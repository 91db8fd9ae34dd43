import Common

extension Hint {
    /// What to do after an error of the `vault` domain.
    static func vault(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
