#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common

/// ISO 8601 timestamps in UTC with a `Z`, second precision, formatted by hand
/// (listings format thousands of them; `Date.ISO8601FormatStyle` is slow for that).
public enum ISO8601 {
    /// `2026-11-26T14:39:45Z`.
    public static func string(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(days: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(48 + rest % 10)
                rest /= 10
            }
            bytes += digits
        }
        append(year, 4); bytes.append(45); append(month, 2); bytes.append(45); append(day, 2); bytes.append(84)
        append(secondOfDay / 3600, 2); bytes.append(58); append(secondOfDay / 60 % 60, 2); bytes.append(58)
        append(secondOfDay % 60, 2); bytes.append(90)
        return String(decoding: bytes, as: UTF8.self)
    }
}
