#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import OpenSSLSupport
import Common
import Vault
import Domain

/// A connection's certificates as `show` and `renew` list them: the current one, the previous
/// one (still registered until `renew --retire`) and the one a renewal is adding.
public struct CertificateHistory: Sendable {
    /// One certificate.
    public struct Entry: Sendable {
        /// `current`, `previous` or `pending`.
        public let role: String
        public let thumbprintSHA1: String
        public let thumbprintSHA256: String
        /// Its `keyId` on the app registration.
        public let keyID: String
        /// Where the keyId comes from: `graph` (Graph's addKey answer) or `scripts` (the keyId the
        /// request's scripts and manifest entry give a certificate; a portal upload gets another).
        /// `unknown` when addKey's answer was lost.
        public let keyIDSource: String
        public let notAfter: Date
        public let daysLeft: Int
        /// For the pending one: how far its renewal got (``RenewalState``).
        public let state: String?
    }

    /// Current first, then previous, then pending.
    public let entries: [Entry]

    /// The history of `record`.
    public init(_ record: ConnectionRecord, now: Date = Date()) {
        var entries: [Entry] = []
        func add(_ role: String, _ der: Data?, _ keyID: String?, state: String? = nil, fromScripts: Bool) {
            guard let der, let certificate = try? X509Certificate(der: Array(der)) else { return }
            let prints = certificate.fingerprints
            let scripts = KeyCredential.scriptKeyID(for: certificate)
            let id = keyID ?? (fromScripts ? scripts : "unknown")
            // A keyId that is the scripts' came with a renewal through the admin (`renew --via-admin`).
            entries.append(Entry(role: role, thumbprintSHA1: prints.thumbprint, thumbprintSHA256: prints.sha256Fingerprint, keyID: id,
                                 keyIDSource: keyID != nil ? (keyID?.lowercased() == scripts.lowercased() ? "scripts" : "graph") : (fromScripts ? "scripts" : "unknown"),
                                 notAfter: certificate.notAfter, daysLeft: DaysLeft.until(certificate.notAfter, now: now), state: state))
        }
        // The first certificate came with the admin's reply (keyId from the scripts); later
        // ones came from addKey, whose answer names the keyId.
        let firstIsCurrent = record.previousCertificate == nil && record.keyID == nil
        add("current", record.certificate, record.keyID, fromScripts: firstIsCurrent)
        add("previous", record.previousCertificate, record.previousKeyID, fromScripts: record.previousKeyID == nil)
        add("pending", record.pendingCertificate, record.pendingKeyID, state: record.pendingState, fromScripts: false)
        self.entries = entries
    }

    /// The `certificates` array of `show --json` and `renew --json`.
    public var json: JSONValue {
        .array(entries.map { entry in
            .members([
                "role": .string(entry.role),
                "thumbprint": .string(entry.thumbprintSHA1),
                "thumbprintSHA256": .string(entry.thumbprintSHA256),
                "keyId": .string(entry.keyID),
                "keyIdSource": .string(entry.keyIDSource),
                "notAfter": .string(ISO8601.string(entry.notAfter)),
                "daysLeft": .int(entry.daysLeft),
                "renewalState": .optional(entry.state),
            ])
        })
    }

    /// The `Certificates:` lines of `show`.
    public var text: String {
        var lines = ["Certificates:"]
        for entry in entries {
            let source = entry.keyIDSource == "scripts" ? " (as the request's scripts set it)" : ""
            let state = entry.state.flatMap(RenewalState.init(rawValue:)).map { ", renewal: \(RenewConnection.describe($0))" } ?? ""
            lines.append("  \(entry.role.padding(toLength: 9, withPad: " ", startingAt: 0))\(entry.thumbprintSHA1)  keyId \(entry.keyID)\(source)  until \(ISO8601.string(entry.notAfter)) (\(DaysLeft.text(entry.daysLeft)))\(state)")
        }
        return lines.joined(separator: "\n")
    }
}
