#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Domain
import GRDB

/// The non-secret columns of a connection, as listings read them: no certificate and no
/// sealed key, decoded by hand so that thousands of rows list quickly.
public struct ConnectionListing: Sendable, Equatable {
    public var name: String
    public var id: String
    public var tenantID: String
    public var tenantDomain: String?
    public var clientID: String
    /// The app registration's Object ID, when the reply gave it.
    public var objectID: String?
    public var cloud: Cloud
    public var sites: [String]
    public var permission: PermissionProfile
    public var siteRole: SiteRole
    public var appName: String
    public var thumbprintSHA1: String
    public var thumbprintSHA256: String
    public var notAfter: Date
    public var requestID: String?
    public var createdAt: Date

    /// The columns `init(row:)` reads, in order.
    static let columns = "name, id, tenantID, tenantDomain, clientID, cloud, sites, permission, siteRole, appName, thumbprintSHA1, thumbprintSHA256, notAfter, requestID, createdAt, objectID"

    /// - Throws: ``Domain/UnknownChoice`` for a cloud, profile or role this spconnect does not know.
    init(row: Row) throws(UnknownChoice) {
        name = row[0]
        id = row[1]
        tenantID = row[2]
        tenantDomain = row[3]
        clientID = row[4]
        cloud = try Cloud(stored: row[5])
        let sitesText: String = row[6]
        sites = JSONStringArray.decode(sitesText) ?? []
        permission = try PermissionProfile(stored: row[7])
        siteRole = try SiteRole(stored: row[8])
        appName = row[9]
        thumbprintSHA1 = row[10]
        thumbprintSHA256 = row[11]
        notAfter = SQLiteTimestamp.date(row[12]) ?? row[12]
        requestID = row[13]
        createdAt = SQLiteTimestamp.date(row[14]) ?? row[14]
        objectID = row[15]
    }

    /// The listing of a whole record.
    public init(_ record: ConnectionRecord) {
        name = record.name
        id = record.id
        tenantID = record.tenantID
        tenantDomain = record.tenantDomain
        clientID = record.clientID
        objectID = record.objectID
        cloud = record.cloud
        sites = record.sites
        permission = record.permission
        siteRole = record.siteRole
        appName = record.appName
        thumbprintSHA1 = record.thumbprintSHA1
        thumbprintSHA256 = record.thumbprintSHA256
        notAfter = record.notAfter
        requestID = record.requestID
        createdAt = record.createdAt
    }
}

/// GRDB's date text (`YYYY-MM-DD HH:MM:SS.SSS`, UTC) read without a formatter.
enum SQLiteTimestamp {
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let digits = Array(text.utf8)
        guard digits.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(digits[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var fraction = 0.0
        if digits.count >= 23, digits[19] == UInt8(ascii: "."), let millis = number(20..<23) {
            fraction = Double(millis) / 1000
        }
        let seconds = CivilDate.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
