import Mail
import Vault

/// New recipients for a request (`send --admin`, `--cc`, `--no-cc`), checked before anything
/// is opened, then kept on the request with their audit line.
struct RecipientChange: Sendable {
    /// The admins, parsed; empty: unchanged.
    let admins: [String]
    /// The copies, parsed; empty: unchanged, unless ``dropCopies``.
    let copies: [String]
    /// No copy at all.
    let dropCopies: Bool

    /// Parses the addresses; a bad one is refused naming its option.
    init(admins: [String], cc: [String], dropCopies: Bool) throws {
        self.admins = try admins.map { try OptionMailbox.parse($0, option: "admin").description }
        self.copies = try cc.map { try OptionMailbox.parse($0, option: "cc").description }
        self.dropCopies = dropCopies
    }

    /// Whether anything changes.
    var isEmpty: Bool { admins.isEmpty && copies.isEmpty && !dropCopies }

    /// `record` with the new recipients, stored; `record` itself when nothing changes.
    func apply(to record: RequestRecord, in store: Store) throws -> RequestRecord {
        guard !isEmpty else { return record }
        return try store.setRecipients(record.id, admins: admins.isEmpty ? record.admins : admins,
                                       cc: dropCopies ? [] : (copies.isEmpty ? record.cc : copies))
    }
}
