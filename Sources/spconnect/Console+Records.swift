import Vault

extension Console {
    /// A record whose certificate and sealed key do not belong together, found at an unlock.
    static func warnInconsistent(_ error: VaultError) {
        warn(error.reason + " (restore store.sqlite from a backup you trust, or make a new request for it)")
    }
}
