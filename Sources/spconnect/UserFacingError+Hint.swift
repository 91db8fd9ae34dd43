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

extension UserFacingError {
    /// The reason the command line shows: for a ``SpconnectError``, with the options it names
    /// spelled as flags (``OptionSpelling``); for any other error, its own.
    var shownReason: String {
        if let error = self as? SpconnectError { return OptionSpelling.reason(of: error) }
        return reason
    }
}
