/// The `rekey` (`passphrase change`) command: a new store key, every sealed key resealed to
/// it, locked under a new passphrase.
public struct RekeyStore: Sendable {
    /// What was done.
    public struct Outcome: Sendable {
        /// The store's file.
        public let databasePath: String
        /// How many sealed keys were resealed.
        public let resealed: Int
    }

    /// Accept a new passphrase below ``PassphraseStrength``'s floor.
    public var allowWeakPassphrase = false

    /// A `rekey`.
    public init(allowWeakPassphrase: Bool = false) {
        self.allowWeakPassphrase = allowWeakPassphrase
    }

    /// Unlocks with the current passphrase (once), reads the new one and rekeys.
    public func run(in environment: Environment) throws -> Outcome {
        let store = try environment.openStore()
        let current = try environment.passphrases.current()
        let unlocked = try store.unlock(passphrase: current)
        let new = try environment.passphrases.replacement(allowWeak: allowWeakPassphrase)
        let count = try store.rekey(unlocked: unlocked, new: new, parameters: environment.scryptCost)
        return Outcome(databasePath: store.location.databasePath, resealed: count)
    }
}
