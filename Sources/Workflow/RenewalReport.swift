import Common

/// What `renew` did: its steps and the connection's certificates after it.
public struct RenewalReport: Sendable {
    /// What the run achieved.
    public enum Outcome: String, Sendable {
        /// A new certificate is current.
        case renewed
        /// The previous certificate was removed.
        case retired
    }

    /// The connection's name.
    public let connection: String
    /// The steps, in order.
    public var steps: [RenewalStep] = []
    /// The outcome (set when the run finished).
    public var outcome: Outcome = .renewed
    /// The certificates after the run.
    public var history: CertificateHistory?
    /// Whether the connection knows its app registration's Object ID, which `--retire`
    /// (Graph's removeKey) needs.
    public var objectIDKnown = true
    /// The Key Vault the connection is linked to, after a renewal: the new version imported,
    /// or why not (the renewal stands either way).
    public var keyVault: KeyVaultUpdate?

    /// What became of the linked Key Vault's certificate after a renewal.
    public struct KeyVaultUpdate: Sendable {
        /// The vault's address.
        public let vault: String
        /// The certificate's name in it.
        public let certificateName: String
        /// The new version's ID, when Key Vault took it.
        public let version: String?
        /// Why it was not imported, when it was not (an error's reason).
        public let problem: String?
        /// The error's code, when it was not imported.
        public let code: String?

        /// Whether the new version is in the vault.
        public var imported: Bool { version != nil }

        var json: JSONValue {
            .members(["vault": .string(vault), "certificateName": .string(certificateName), "imported": .bool(imported),
                      "version": version.map(JSONValue.string), "error": problem.map(JSONValue.string), "code": code.map(JSONValue.string)])
        }
    }

    init(connection: String) {
        self.connection = connection
    }

    /// The `--json` document.
    public var json: JSONValue {
        .members([
            "connection": .string(connection),
            "outcome": .string(outcome.rawValue),
            "steps": .array(steps.map { .members(["step": .string($0.name.rawValue), "outcome": .string($0.outcome.rawValue), "summary": .string($0.summary)]) }),
            "certificates": history?.json,
            "keyVault": keyVault?.json,
        ])
    }
}
