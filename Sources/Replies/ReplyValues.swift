import Common
import Domain

/// What a reply says: for each field, the values found in the least deep text that has
/// one (the newest part of the thread), and what else was noticed on the way.
public struct ReplyValues: Sendable {
    /// For each field, its distinct values at the least deep level that has any, in the
    /// order they appear. More than one means the reply contradicts itself.
    public let values: [ReplyField: [ReplyValue]]
    /// How many `BEGIN SPCONNECT REPLY` blocks there are.
    public let blockCount: Int
    /// How many of them have a tenant, client or thumbprint value.
    public let filledBlockCount: Int
    /// Whether the message ends before a MIME part closes (it was cut short).
    public let isIncomplete: Bool
    /// Things worth telling the user (a charset read as a guess, a cut message).
    public let notes: [String]
    /// The addresses in the message's `From`, lower case (empty when the reply is not a
    /// message: pasted text, a script's output).
    public let senders: [String]
    /// Where the reply shows something shaped like a client secret (`line 4 of the
    /// text/plain part`); never the secret itself.
    public let secretLocations: [String]
    /// The attachments that carry reply values, which are not read (`attachment "reply.txt"`).
    public let unreadAttachments: [String]
    /// Whether the reply is an email (`.eml`, `.msg`), as opposed to pasted text: an email
    /// whose ``senders`` is empty has a From that cannot be read (missing or malformed).
    public let isMessage: Bool
    /// The email's `From` field as written (escaped for a terminal, at most 120
    /// characters), or nil when it has none.
    public let shownFrom: String?
    /// For each text whose values need a check, why (see ``ReplyDocument/caution``).
    public let cautions: [String: String]

    public init(values: [ReplyField: [ReplyValue]], blockCount: Int, filledBlockCount: Int, isIncomplete: Bool, notes: [String],
                senders: [String] = [], secretLocations: [String] = [], unreadAttachments: [String] = [],
                isMessage: Bool = false, fromField: String? = nil, cautions: [String: String] = [:]) {
        self.values = values
        self.blockCount = blockCount
        self.filledBlockCount = filledBlockCount
        self.isIncomplete = isIncomplete
        self.notes = notes
        self.senders = senders
        self.secretLocations = secretLocations
        self.unreadAttachments = unreadAttachments
        self.isMessage = isMessage
        self.cautions = cautions
        self.shownFrom = fromField.map { ShownText.escaped($0.trimmed) }
    }

    /// Whether the reply has no tenant, client or thumbprint value at all.
    public var isEmpty: Bool { [ReplyField.tenantID, .clientID, .thumbprint].allSatisfy { values[$0]?.isEmpty ?? true } }

    /// The field's one value, or nil when the reply has none.
    ///
    /// - Throws: ``RepliesError/Code/conflictingValues`` naming both values when the reply
    ///   gives two different ones at the same level.
    public func value(_ field: ReplyField) throws(RepliesError) -> ReplyValue? {
        guard let found = values[field], let first = found.first else { return nil }
        if found.count > 1 {
            let second = found[1]
            let what = field == .request ? "request IDs" : field.label + "s"
            throw RepliesError(.conflictingValues, "the reply gives two different \(what): \(first.quoted) and \(second.quoted)",
                               facts: ErrorFacts(values: [.field: field.rawValue]))
        }
        return first
    }

    /// Picks, for each field, the values of the least deep level among everything found.
    /// A tenant GUID outranks a tenant domain at the same level (both may be written).
    static func choose(_ found: [ReplyField: [ReplyValue]]) -> [ReplyField: [ReplyValue]] {
        var chosen: [ReplyField: [ReplyValue]] = [:]
        for (field, list) in found {
            guard let best = list.map(\.level).min() else { continue }
            var tier = list.filter { $0.level == best }
            if field == .tenantID, tier.contains(where: { $0.kind != .domain }) { tier.removeAll { $0.kind == .domain } }
            var seen = Set<String>()
            var distinct: [ReplyValue] = []
            for value in tier where seen.insert(value.text).inserted { distinct.append(value) }
            chosen[field] = distinct
        }
        return chosen
    }
}
