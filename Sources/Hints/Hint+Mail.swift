import Common

extension Hint {
    /// What to do after an error of the `mail` domain.
    static func mail(_ error: SpconnectError) -> String? {
        switch error.code {
        default: underlying(error)
        }
    }
}
