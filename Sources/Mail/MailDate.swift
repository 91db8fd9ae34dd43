#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The moment a message is dated, written as an RFC 5322 date-time.
public struct MailDate: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64
    /// The writer's offset from UTC in minutes, as the date shows it (`+0100` is 60).
    public let utcOffsetMinutes: Int

    public init(secondsSince1970: Int64, utcOffsetMinutes: Int = 0) {
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetMinutes = max(-1439, min(1439, utcOffsetMinutes))
    }

    /// Now, in the machine's time zone.
    public static func now() -> MailDate {
        var seconds = time(nil)
        var local = tm()
        localtime_r(&seconds, &local)
        return MailDate(secondsSince1970: Int64(seconds), utcOffsetMinutes: Int(local.tm_gmtoff) / 60)
    }

    /// `Tue, 26 Nov 2024 14:56:00 +0100`.
    public var rfc5322: String {
        var shifted = time_t(secondsSince1970 + Int64(utcOffsetMinutes) * 60)
        var parts = tm()
        gmtime_r(&shifted, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let offset = abs(utcOffsetMinutes)
        return "\(days[Int(parts.tm_wday)]), \(parts.tm_mday) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) \(sign)\(two(Int32(offset / 60)))\(two(Int32(offset % 60)))"
    }
}
