#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

extension RequestRecord {
    /// Marks the request fulfilled inside the caller's transaction: the admin's reply was
    /// imported (into a new connection, or into the connection it renews), so its sealed keys,
    /// which now live with the connection, are dropped from the request.
    mutating func markFulfilled(at now: Date, in db: Database) throws {
        status = .fulfilled
        sealedKey = nil
        sealedConnectionKey = nil
        updatedAt = now
        try update(db)
    }
}
