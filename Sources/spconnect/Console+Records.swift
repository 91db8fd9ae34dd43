import Vault
import Workflow

extension Console {
    /// A record whose certificate and sealed key do not belong together, found at an unlock.
    static func warnInconsistent(_ error: VaultError) {
        warn(error.reason + " (restore store.sqlite from a backup you trust, or make a new request for it)")
    }

    /// Writes what a use case noticed as a `spconnect: warning: …` line.
    @Sendable static func notice(_ notice: WorkflowNotice) {
        switch notice {
        case .storePermissions(let problem):
            warn(problem.reason + (problem.shownHint.map { " (\($0))" } ?? ""))
        case .inconsistentRecord(let error):
            warnInconsistent(error)
        case .unencryptedKey(let destination):
            warn("--insecure-no-key-password: \(destination) holds the private key unencrypted")
        }
    }
}
