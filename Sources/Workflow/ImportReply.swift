import Replies
import Vault

/// The `import` command: the admin's reply (a message or text file, or standard input)
/// and the values given beside it become an encrypted connection.
public struct ImportReply: Sendable {
    /// The values given as options (the reply's bytes are read by ``run(in:)``).
    public var input: ReplyImporter.Input
    /// The reply's path, or `-` for standard input; nil when every value is given as an option.
    public var replyFile: String?

    /// An import of `replyFile` with `input`'s values beside it.
    public init(_ input: ReplyImporter.Input, replyFile: String?) {
        self.input = input
        self.replyFile = replyFile
    }

    /// Checks the values given as options on their own, before anything is read (the same
    /// checks run again, with the reply's values beside them, in ``run(in:)``).
    public func checkGivenValues() throws {
        let tenant = try input.tenantID.map { try ReplyCheck.tenant($0, source: "\(option: "tenantID")") }
        if let clientID = input.clientID { _ = try ReplyCheck.clientID(clientID, tenant: tenant, source: "\(option: "clientID")") }
        if let objectID = input.objectID, let clientID = input.clientID {
            _ = try ReplyCheck.objectID(objectID, clientID: clientID, tenant: tenant, source: "\(option: "objectID")")
        }
        if let thumbprint = input.thumbprint { _ = try ReplyCheck.thumbprint(thumbprint, source: "\(option: "thumbprint")") }
        if let name = input.name { _ = try ReplyCheck.connectionName(name) }
    }

    /// Reads the reply, opens the store and imports. The reply to a renewal request
    /// (`renew --via-admin`) asks for the passphrase: the connection's current key is sealed
    /// again as its previous one.
    public func run(in environment: Environment) throws -> ReplyImporter.Outcome {
        var input = self.input
        if let replyFile {
            input.reply = try ReplyFile.read(replyFile)
            input.replyName = replyFile == "-" ? "standard input" : replyFile
        }
        let store = try environment.openStore()
        return try ReplyImporter.run(input, store: store, unlock: { try environment.unlock($0) })
    }
}
