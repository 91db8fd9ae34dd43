import Foundation
import Testing
import Certificates
import Domain
import TestSupport

/// spconnect formats ISO 8601 by hand for speed; it must agree with Foundation's formatter.
@Test func iso8601AgreesWithFoundation() {
    var generator = SeededGenerator.forTest("iso8601AgreesWithFoundation", fallback: 8601)
    let formatter = Date.ISO8601FormatStyle(timeZone: .gmt)
    var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 4_102_444_800),
                 Date(timeIntervalSince1970: -86_400), Date(timeIntervalSince1970: 1_827_327_061.999)]
    for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000...7_000_000_000, using: &generator)))) }
    for date in dates {
        #expect(ISO8601.string(date) == formatter.format(date), "\(date.timeIntervalSince1970)")
    }
}
