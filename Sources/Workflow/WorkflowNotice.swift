import Vault

/// What a use case tells the user without stopping: the command line writes each as a
/// `spconnect: warning: …` line.
public enum WorkflowNotice: Sendable {
    /// The store's folder or file is open to group or others (with the `chmod` that fixes it).
    case storePermissions(VaultError)
    /// A record added since the last unlock fails its check.
    case inconsistentRecord(VaultError)
    /// An export holding the private key is written unencrypted to `destination`.
    case unencryptedKey(destination: String)
}
