import Certificates
import Vault

extension Environment {
    /// The connection `nameOrID` from `store`, the way every use case that works on one
    /// connection loads it: when its certificate ends within `ExpiryState.defaultWindow`
    /// days (or has ended), ``warnIfEnding(_:)`` says so once.
    public func connection(_ nameOrID: String, in store: Store) throws -> ConnectionRecord {
        let record = try store.connection(nameOrID)
        warnIfEnding(record)
        return record
    }

    /// A ``WorkflowNotice/certificateEnding(connection:notAfter:daysLeft:)`` for `record` when
    /// its certificate ends within `ExpiryState.defaultWindow` days of ``now`` or has ended;
    /// nothing otherwise. For a use case that has the record under a new name (`rename`).
    public func warnIfEnding(_ record: ConnectionRecord) {
        let daysLeft = DaysLeft.until(record.notAfter, now: now())
        guard ExpiryState(daysLeft: daysLeft) != .fine else { return }
        notify(.certificateEnding(connection: record.name, notAfter: record.notAfter, daysLeft: daysLeft))
    }
}
