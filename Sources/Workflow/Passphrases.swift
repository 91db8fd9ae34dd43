import Common
import Vault

/// Where the store's passphrase comes from: `SPCONNECT_PASSPHRASE_FILE`,
/// `SPCONNECT_PASSPHRASE`, or a no-echo prompt on the terminal.
public struct Passphrases: Sendable {
    /// Where the two variables are looked up.
    public let variables: EnvironmentVariables

    /// The passphrase sources of `variables`.
    public init(variables: EnvironmentVariables) {
        self.variables = variables
    }

    /// The passphrase that unlocks the store.
    public func current() throws(CommonError) -> SecretBytes {
        try currentSource.read(confirm: false)
    }

    /// A passphrase for a new store (asked twice at a prompt), at least as strong as
    /// ``PassphraseStrength`` asks unless `allowWeak` (`--insecure-weak-passphrase`).
    public func new(allowWeak: Bool = false) throws(CommonError) -> SecretBytes {
        var source = source(file: "SPCONNECT_PASSPHRASE_FILE", value: "SPCONNECT_PASSPHRASE", prompt: "New store passphrase: ")
        source.allowWeak = allowWeak
        source.what = "store passphrase"
        return try source.read(confirm: true)
    }

    /// The replacement passphrase for `rekey` (`passphrase change`): `SPCONNECT_NEW_PASSPHRASE_FILE`,
    /// `SPCONNECT_NEW_PASSPHRASE`, or a prompt asked twice; held to the same floor as ``new(allowWeak:)``.
    public func replacement(allowWeak: Bool = false) throws(CommonError) -> SecretBytes {
        var source = source(file: "SPCONNECT_NEW_PASSPHRASE_FILE", value: "SPCONNECT_NEW_PASSPHRASE", prompt: "New store passphrase: ")
        source.allowWeak = allowWeak
        source.what = "new store passphrase"
        return try source.read(confirm: true)
    }

    /// Unlocks `store` with the current passphrase. Typed at a terminal, a wrong one is
    /// asked for once more before the command gives up. Then checks the records added since
    /// the last unlock (``UnlockedStore/checkNewRecords()``) and hands each that fails to `report`.
    public func unlock(_ store: Store, report: (VaultError) -> Void = { _ in }) throws(SpconnectError) -> UnlockedStore {
        let source = currentSource
        let typed = source.isTyped
        func attempt() throws(SpconnectError) -> UnlockedStore {
            try store.unlock(passphrase: try source.read(confirm: false))
        }
        var unlocked: UnlockedStore
        do {
            unlocked = try attempt()
        } catch {
            guard error.code == .wrongPassphrase && typed else { throw error }
            PasswordSource.tell("Wrong passphrase; try once more.\n")
            unlocked = try attempt()
        }
        for failure in try unlocked.checkNewRecords() { report(failure) }
        return unlocked
    }

    private var currentSource: PasswordSource {
        source(file: "SPCONNECT_PASSPHRASE_FILE", value: "SPCONNECT_PASSPHRASE", prompt: "Store passphrase: ")
    }

    private func source(file: String, value: String, prompt: String) -> PasswordSource {
        var source = PasswordSource(file: variables.text(file), environmentVariable: value, prompt: prompt,
                                    fileOption: "the \(file) variable (a file's path)")
        source.variables = variables
        return source
    }
}
