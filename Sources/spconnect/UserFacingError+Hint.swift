import Common
import Hints

extension UserFacingError {
    /// The hint the command line shows: for a ``SpconnectError``, the one `Hints` writes from
    /// its code and facts; for any other error, its own.
    var shownHint: String? {
        if let error = self as? SpconnectError { return Hint.text(for: error) }
        return hint
    }
}
