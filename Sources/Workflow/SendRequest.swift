import Mail
import Vault

/// The `send` command: a request's email delivered again (same Message-ID), to the same
/// or corrected recipients; a change of recipients is kept and written to the audit log.
public struct SendRequest: Sendable {
    /// The request's ID.
    public var request: String
    /// Admins that replace the request's (empty: unchanged).
    public var admins: [String] = []
    /// Copies that replace the request's (empty: unchanged, unless ``dropCopies``).
    public var cc: [String] = []
    /// Send no copy.
    public var dropCopies = false
    /// How the email is delivered.
    public var delivery = DeliverySetup()

    /// A delivery of `request`.
    public init(request: String) {
        self.request = request
    }

    /// Checks the addresses before anything is opened or changed, then delivers.
    public func run(in environment: Environment) throws -> DeliveredRequest {
        let admins = try admins.map { try OptionMailbox.parse($0, option: "admin").description }
        let copies = try cc.map { try OptionMailbox.parse($0, option: "cc").description }
        let store = try environment.openStore()
        let configuration = try Configuration.load(store.location.configPath)
        let prepared = try delivery.prepare(configuration: configuration, in: environment)
        var record = try store.verifiedRequest(request)
        if !admins.isEmpty || !copies.isEmpty || dropCopies {
            record = try store.setRecipients(record.id, admins: admins.isEmpty ? record.admins : admins,
                                             cc: dropCopies ? [] : (copies.isEmpty ? record.cc : copies))
        }
        return try prepared.deliver(record, store: store, in: environment)
    }
}
