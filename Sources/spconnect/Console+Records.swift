#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Domain
import Common
import Hints
import Vault
import Workflow

extension Console {
    /// A record whose certificate and sealed key do not belong together, found at an unlock.
    static func warnInconsistent(_ error: VaultError) {
        warn(error.shownReason + " (restore store.sqlite from a backup you trust, or make a new request for it)")
    }

    /// Writes what a use case noticed as a `spconnect: warning: …` or a progress line;
    /// `home` is the `--home` the user gave, carried into commands printed to paste.
    @Sendable static func notice(_ notice: WorkflowNotice, home: String?) {
        switch notice {
        case .storePermissions(let problem):
            warn(problem.shownReason + (problem.shownHint.map { " (\($0))" } ?? ""))
        case .inconsistentRecord(let error):
            warnInconsistent(error)
        case .unencryptedKey(let destination):
            warn("--insecure-no-key-password: \(destination) holds the private key unencrypted")
        case .caution(let text):
            warn(OptionSpelling.text(text))
        case .unencryptedCertificateFiles(let name):
            warn("--insecure-no-key-password: \(name).key.pem and \(name).pfx hold the private key unencrypted")
        case .generatingKey(let bits):
            note("Generating an RSA-\(bits) key…")
        case .creatingStore(let home):
            note("No store yet at \(home): creating it (spconnect init).")
        case .storeCreated(let path):
            note("Created \(path).")
        case .pendingRequest(let id, let status, let tenant, let appName):
            warn("request \(id) for \(tenant) and the app \(appName) is still \(status.rawValue); "
                 + "if this one replaces it, cancel it: \(PasteableCommand.spconnect(home: home, ["cancel", id]))")
        case .siteReduced(let option, let given, let site):
            note("spconnect: note: \(OptionSpelling.flag(option)) \(given) is an address inside a site; using the site \(site)")
        case .sending(let recipients):
            note("Sending to \(recipients.joined(separator: ", "))…")
        case .cancelledRequest(let id):
            warn("request \(id) is cancelled and its key was deleted: these instructions must not be sent or followed; "
                 + "make a new request with: spconnect request")
        case .certificateEnding(let connection, let notAfter, let daysLeft):
            warn(certificateEnding(connection: connection, notAfter: notAfter, daysLeft: daysLeft, home: home))
        }
    }

    /// The one line for a connection whose certificate ends within the warning window (or has
    /// ended), with the command that renews it: `renew`, or `renew --via-admin` once the
    /// certificate can no longer sign for itself.
    static func certificateEnding(connection: String, notAfter: Date, daysLeft: Int, home: String?) -> String {
        let day = String(ISO8601.string(notAfter).prefix(10))
        if DaysLeft.isExpired(daysLeft) {
            return "connection \(connection): its certificate expired on \(day) and Entra ID refuses it; "
                + "renew it through your admin with: \(PasteableCommand.spconnect(home: home, ["renew", connection, "--via-admin", "--admin", "ADMIN-EMAIL"]))"
        }
        return "connection \(connection): its certificate ends on \(day) (\(DaysLeft.text(daysLeft))); "
            + "renew it with: \(PasteableCommand.spconnect(home: home, ["renew", connection]))"
    }
}
