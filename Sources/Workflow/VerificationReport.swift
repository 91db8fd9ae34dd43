import Common
import Vault

/// Everything `verify` found out about a connection.
public struct VerificationReport: Sendable {
    /// The connection's name.
    public let connection: String
    /// Its Directory (tenant) ID.
    public let tenantID: String
    /// Its Application (client) ID.
    public let clientID: String
    /// Its cloud.
    public let cloud: String
    /// The token endpoint called.
    public let tokenEndpoint: String
    /// The checks, in the order they ran.
    public private(set) var steps: [VerificationStep] = []
    /// Things worth knowing that are not failures.
    public private(set) var warnings: [String] = []

    init(_ connection: ConnectionRecord, tokenEndpoint: String) {
        self.connection = connection.name
        tenantID = connection.tenantID
        clientID = connection.clientID
        cloud = connection.cloud.rawValue
        self.tokenEndpoint = tokenEndpoint
    }

    mutating func add(_ step: VerificationStep) { steps.append(step) }
    mutating func warn(_ text: String) { warnings.append(text) }

    /// Whether every check ran and passed.
    public var passed: Bool { !steps.isEmpty && steps.allSatisfy { $0.outcome == .ok } }

    /// The first line of the text report, printed before the checks run.
    public static func heading(_ connection: ConnectionRecord) -> String {
        "Verifying \(connection.name): tenant \(connection.tenantID), client \(connection.clientID), cloud \(connection.cloud)"
    }

    /// The last line of the text report.
    public var verdict: String {
        let failed = steps.filter { $0.outcome == .failed }.count
        let skipped = steps.filter { $0.outcome == .skipped }.count
        if passed { return "Verified: all \(steps.count) checks passed." }
        return "Verification failed: \(failed) of \(steps.count) checks failed" + (skipped > 0 ? ", \(skipped) not run" : "") + "."
    }

    /// The `--json` document.
    public func json(hint: (any UserFacingError) -> String?) -> JSONValue {
        .members([
            "connection": .string(connection),
            "tenantID": .string(tenantID),
            "clientID": .string(clientID),
            "cloud": .string(cloud),
            "tokenEndpoint": .string(tokenEndpoint),
            "passed": .bool(passed),
            "checks": .array(steps.map { $0.json(hint: hint) }),
            "warnings": .strings(warnings),
        ])
    }
}
