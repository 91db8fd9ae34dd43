#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common

/// Reads the `Date` header's IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7),
/// to tell a wrong local clock from a refused assertion.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT",
              let day = Int(parts[1]), let year = Int(parts[3]),
              let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(of: String(parts[2])) else {
            return nil
        }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let seconds = CivilDate.seconds(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2])
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
