#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Vault

/// What a use case tells the user without stopping: the command line writes each as a
/// `spconnect: warning: …` or a progress line on standard error.
public enum WorkflowNotice: Sendable {
    /// The store's folder or file is open to group or others (with the `chmod` that fixes it).
    case storePermissions(VaultError)
    /// A record added since the last unlock fails its check.
    case inconsistentRecord(VaultError)
    /// An export holding the private key is written unencrypted to `destination`.
    case unencryptedKey(destination: String)
    /// A check found something worth a warning that does not stop the command (a certificate
    /// valid longer than Microsoft Graph accepts, a request with odd values).
    case caution(OptionText)
    /// `cert new --insecure-no-key-password`: the files of `name` hold the private key unencrypted.
    case unencryptedCertificateFiles(name: String)
    /// A new RSA key of `bits` is being generated (it takes a moment).
    case generatingKey(bits: Int)
    /// `request` found no store at `home` and is creating one.
    case creatingStore(home: String)
    /// `request` created the store's database at `path`.
    case storeCreated(path: String)
    /// The request `id`, for the same `tenant` and `appName` as the new one, is still pending (`status`).
    case pendingRequest(id: String, status: RequestRecord.Status, tenant: String, appName: String)
    /// A value of the option `option` (by key: `site`) inside a site was reduced to the site itself.
    case siteReduced(option: String, given: String, site: String)
    /// The email is going to `recipients` over SMTP.
    case sending(recipients: [String])
    /// `instructions` renders a request that was cancelled.
    case cancelledRequest(id: String)
    /// The certificate of the connection named `connection` ends at `notAfter`, `daysLeft`
    /// days from now (negative: it has ended): within the warning window of
    /// `ExpiryState.defaultWindow` days. Said once by every command that loads
    /// the connection (``Environment/connection(_:in:)``).
    case certificateEnding(connection: String, notAfter: Date, daysLeft: Int)

    /// Whether this only reports progress (left out under `--json`, where stdout and the
    /// document are what the caller reads).
    public var isProgress: Bool {
        switch self {
        case .generatingKey, .storeCreated, .sending: true
        default: false
        }
    }
}
