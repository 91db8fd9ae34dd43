/// One step `renew` took, and what came of it.
public struct RenewalStep: Sendable {
    /// The steps, in the order they run.
    public enum Name: String, Sendable {
        /// A renewal begun earlier is picked up.
        case resume
        /// The new key and certificate are made and sealed.
        case generate
        /// An app-only token for Microsoft Graph with the current certificate.
        case graphToken
        /// Graph's `addKey`.
        case addKey
        /// The new certificate gets a token and calls each site, as `verify`.
        case prove
        /// The new certificate becomes the current one.
        case switchOver = "switch"
        /// Graph's `removeKey` for the previous certificate.
        case removeKey
        /// The previous certificate's sealed key is deleted.
        case forget
        /// The new certificate is imported as a new version into the Azure Key Vault the
        /// connection was exported to (`export --to azure-keyvault`); its failure does not undo the renewal.
        case keyVault
    }

    /// Whether the step passed or failed.
    public enum Outcome: String, Sendable {
        case ok, failed
    }

    /// The step.
    public let name: Name
    /// Whether it passed.
    public let outcome: Outcome
    /// One line on what happened.
    public let summary: String

    init(_ name: Name, _ outcome: Outcome, summary: String) {
        self.name = name
        self.outcome = outcome
        self.summary = summary
    }
}
