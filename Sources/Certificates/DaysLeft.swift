#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How many days a certificate has left: the one definition every command uses.
///
/// The count is of started days (24 hours each) between now and `notAfter`, rounded away
/// from zero: a certificate made with `--days N` has N days left when it is made (its
/// notBefore is set five minutes back, which must not cost a day), 1 on its last day,
/// and −1 from the first second after `notAfter` (X.509 validity includes `notAfter`
/// itself, RFC 5280 §4.1.2.5). So "ends within N days" (`connections --expiring N`,
/// `notAfter ≤ now + N days`) is exactly "N or fewer days left".
public enum DaysLeft {
    /// Seconds in one day.
    public static let day: TimeInterval = 86_400

    /// The days left at `now` for a certificate valid until `notAfter`; negative once it has expired.
    public static func until(_ notAfter: Date, now: Date = Date()) -> Int {
        let seconds = notAfter.timeIntervalSince(now)
        return Int((seconds / day).rounded(seconds >= 0 ? .up : .down))
    }

    /// Whether a count from ``until(_:now:)`` means the certificate has expired.
    public static func isExpired(_ days: Int) -> Bool { days < 0 }

    /// `1 day left`, `30 days left`, or `expired` (with `expired` written as given).
    public static func text(_ days: Int, expired: String = "expired") -> String {
        if isExpired(days) { return expired }
        return days == 1 ? "1 day left" : "\(days) days left"
    }
}
