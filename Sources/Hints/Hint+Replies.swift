import Common

extension Hint {
    /// What to do after an error of the `replies` domain.
    static func replies(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
