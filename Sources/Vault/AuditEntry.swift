#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

/// One line of the append-only audit log: what happened to which record, and when.
/// It never holds a secret.
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"

    public var id: Int64?
    public var at: Date
    /// `init`, `request.created`, `request.sent`, `connection.created`, `key.exported`, …
    public var action: String
    /// The record concerned (a request ID or a connection name).
    public var subject: String
    public var detail: String

    public init(action: String, subject: String, detail: String = "", at: Date = Date()) {
        self.action = action
        self.subject = subject
        self.detail = detail
        self.at = at
    }
}
