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
        ])
    }
}
