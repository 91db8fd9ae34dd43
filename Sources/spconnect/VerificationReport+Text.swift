import Common
import Vault
import Workflow

// How `verify` shows its report: the heading, each check (see VerificationStep+Text.swift),
// the verdict, and the `--json` document.
extension VerificationReport {
    /// The first line of the text report, printed before the checks run.
    static func heading(_ connection: ConnectionRecord) -> String {
        "Verifying \(connection.name): tenant \(connection.tenantID), client \(connection.clientID), cloud \(connection.cloud)"
    }

    /// The last line of the text report.
    var verdict: String {
        let failed = steps.filter { $0.outcome == .failed }.count
        let skipped = steps.filter { $0.outcome == .skipped }.count
        if passed { return "Verified: all \(steps.count) checks passed." }
        return "Verification failed: \(failed) of \(steps.count) checks failed" + (skipped > 0 ? ", \(skipped) not run" : "") + "."
    }

    /// The `--json` document.
    var json: JSONValue {
        .members([
            "connection": .string(connection),
            "tenantID": .string(tenantID),
            "clientID": .string(clientID),
            "cloud": .string(cloud),
            "tokenEndpoint": .string(tokenEndpoint),
            "passed": .bool(passed),
            "checks": .array(steps.map(\.json)),
            "warnings": .strings(warnings),
        ])
    }
}
