import Vault

/// The `init` command: the home folder and the encrypted store, locked under a new passphrase.
public struct InitStore: Sendable {
    /// What `init` found or made.
    public enum Outcome: Sendable {
        /// A store was already there; nothing was changed.
        case existing(StoreLocation)
        /// A new store, locked with this scrypt cost.
        case created(StoreLocation, ScryptParameters)
    }

    /// Accept a passphrase below ``PassphraseStrength``'s floor.
    public var allowWeakPassphrase = false

    /// An `init`.
    public init(allowWeakPassphrase: Bool = false) {
        self.allowWeakPassphrase = allowWeakPassphrase
    }

    /// Creates the store unless there is one; `creating` is called once the passphrase is
    /// read, before scrypt is calibrated (the slow part).
    public func run(in environment: Environment, creating: () -> Void = {}) throws -> Outcome {
        let location = environment.location
        if Store.exists(at: location) { return .existing(location) }
        let passphrase = try environment.passphrases.new(allowWeak: allowWeakPassphrase)
        creating()
        let store = try Store.create(at: location, passphrase: passphrase, parameters: environment.scryptCost)
        return .created(location, try store.scryptParameters())
    }
}
