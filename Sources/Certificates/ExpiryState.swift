/// Where a certificate stands against a warning window: the one rule `spconnect status`,
/// its exit code and the warning every connection command prints all use.
///
/// A certificate is ``expired`` once ``DaysLeft/isExpired(_:)`` says so (−1 days left and
/// below), ``expiring`` when it ends within the window (`daysLeft ≤ window`, the same
/// "N or fewer days left" as `connections --expiring N`), and ``fine`` otherwise.
/// The cases are ordered from best to worst, so the state of many is their `max()`.
public enum ExpiryState: String, Sendable, CaseIterable, Comparable {
    /// Valid for more than the window.
    case fine
    /// Still valid, but ends within the window.
    case expiring
    /// Past its notAfter.
    case expired

    /// The warning window when none is given: 30 days.
    public static let defaultWindow = 30

    /// The state of a certificate with `daysLeft` (from ``DaysLeft/until(_:now:)``) against
    /// a window of `window` days.
    public init(daysLeft: Int, window: Int = ExpiryState.defaultWindow) {
        if DaysLeft.isExpired(daysLeft) {
            self = .expired
        } else if daysLeft <= window {
            self = .expiring
        } else {
            self = .fine
        }
    }

    private var rank: Int {
        switch self {
        case .fine: 0
        case .expiring: 1
        case .expired: 2
        }
    }

    public static func < (lhs: ExpiryState, rhs: ExpiryState) -> Bool { lhs.rank < rhs.rank }
}
