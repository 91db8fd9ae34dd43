import Common

extension Hint {
    /// What to do after an error of the `certificates` domain.
    static func certificates(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
