import Domain
import Entra
import Replies
import Vault

/// The `connection set` command: a connection's client ID, tenant ID or sites corrected,
/// each value checked as `import` checks it, the old and new values in the audit log.
public struct ChangeConnection: Sendable {
    /// What was done.
    public struct Outcome: Sendable {
        /// The connection as it is now.
        public let record: ConnectionRecord
        /// False when it already had these values (nothing was written).
        public let changed: Bool
    }

    /// The connection's name (or its request ID).
    public var connection: String
    /// The new Application (client) ID.
    public var clientID: String?
    /// The new Directory (tenant) ID: a GUID or the tenant's domain.
    public var tenantID: String?
    /// The new Object ID of the app registration.
    public var objectID: String?
    /// The new sites, replacing the connection's (empty: unchanged).
    public var sites: [String] = []

    /// A change of `connection`.
    public init(connection: String) {
        self.connection = connection
    }

    /// Checks each value against the connection, then changes it. `checking` runs each check
    /// of a given value (the command line turns what it refuses into a usage error).
    public func run(in environment: Environment, checking: (() throws -> Void) throws -> Void) throws -> Outcome {
        let store = try environment.openStore()
        let record = try environment.connection(connection, in: store)
        // Each value is checked against the connection before anything changes.
        var change = Store.ConnectionChange()
        var tenant: TenantReference?
        try checking { tenant = try ReplyCheck.tenant(tenantID ?? record.tenantID, source: "\(option: "tenantID")") }
        if tenantID != nil, let tenant {
            change.tenantID = tenant.description
            if let domain = tenant.domain { change.tenantDomain = .some(domain) }
        }
        if let clientID {
            try checking { change.clientID = try ReplyCheck.clientID(clientID, tenant: tenant, source: "\(option: "clientID")") }
        }
        if let objectID {
            let clientID = change.clientID ?? record.clientID
            try checking { change.objectID = try ReplyCheck.objectID(objectID, clientID: clientID, tenant: tenant, source: "\(option: "objectID")") }
        }
        if !sites.isEmpty {
            let cloud = record.cloud
            var seen = Set<String>()
            try checking {
                change.sites = try SiteOption.reduced(sites, cloud: cloud, notify: environment.notify)
                    .map { try SharePointSite($0, cloud: cloud).url }.filter { seen.insert($0.lowercased()).inserted }
            }
        }
        let result = Result { () throws(VaultError) -> ConnectionRecord in try store.changeConnection(record.id, change) }
        if case .failure(let error) = result, error.code == .conflict {
            // The values asked for are the connection's already: the outcome the user wanted,
            // as an import of the same reply again is (nothing written).
            return Outcome(record: record, changed: false)
        }
        return Outcome(record: try result.get(), changed: true)
    }
}
