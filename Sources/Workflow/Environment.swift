#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Mail
import Vault

/// Everything a use case takes from outside its inputs: the home folder, where passphrases
/// and passwords come from, the scrypt cost of a new lock, the transports, facts about the
/// terminal, where notices go, and the clock. The command line builds it once per run from the
/// process's environment and its options, so every environment variable is read through
/// ``variables`` and nowhere else.
public struct Environment: Sendable {
    /// The variables (`SPCONNECT_*`, `XDG_*`, `HOME`) everything below was read from.
    public let variables: EnvironmentVariables
    /// The home folder: `--home`, else `SPCONNECT_HOME`, else the XDG data folder.
    public let location: StoreLocation
    /// The `--home` the user gave, carried into commands printed to paste.
    public let homeFlag: String?
    /// `SPCONNECT_SCRYPT_LOGN`'s fixed cost for a new lock; nil: calibrated.
    public let scryptCost: ScryptParameters?
    /// The store passphrase's sources.
    public let passphrases: Passphrases
    /// Whether standard output is a terminal (a key is never written to one).
    public let standardOutputIsTerminal: Bool
    /// Writes bytes to standard output unbuffered; false when it refused them (a closed pipe).
    public let writeStandardOutput: @Sendable (UnsafeRawBufferPointer) -> Bool
    /// Where use cases hand what the user should hear about but that does not stop them.
    public let notify: @Sendable (WorkflowNotice) -> Void
    /// The clock every day count reads (days left, `status`, the expiry warning): the system's
    /// unless a caller passes another (tests fix "now" with it).
    public let now: @Sendable () -> Date

    /// The environment of `variables` with the home folder `home` (the `--home` flag).
    public init(home: String?, variables: EnvironmentVariables = .process, standardOutputIsTerminal: Bool = false,
                writeStandardOutput: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool = { _ in false },
                notify: @escaping @Sendable (WorkflowNotice) -> Void = { _ in },
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.variables = variables
        self.location = StoreLocation.resolve(home: home, variables: variables)
        self.homeFlag = home
        self.scryptCost = ScryptCost.asked(in: variables)
        self.passphrases = Passphrases(variables: variables)
        self.standardOutputIsTerminal = standardOutputIsTerminal
        self.writeStandardOutput = writeStandardOutput
        self.notify = notify
        self.now = now
    }

    /// Opens the existing store; a folder or file open to others is a ``WorkflowNotice/storePermissions(_:)``.
    public func openStore() throws -> Store {
        let store = try Store.open(at: location)
        if let problem = store.permissionProblem() { notify(.storePermissions(problem)) }
        return store
    }

    /// Unlocks `store` with the current passphrase; each record added since the last unlock
    /// that fails its check is a ``WorkflowNotice/inconsistentRecord(_:)``.
    public func unlock(_ store: Store) throws -> UnlockedStore {
        try passphrases.unlock(store) { notify(.inconsistentRecord($0)) }
    }

    /// The transport `choice` names, with config.toml's settings and `overrides` on top.
    public func transport(_ choice: TransportChoice, configuration: Configuration,
                          overrides: TransportChoice.SMTPOverrides) throws -> any MailTransport {
        try choice.transport(configuration: configuration, overrides: overrides, location: location, variables: variables)
    }

    /// A password read from `file`, else the variable `variable`, else a prompt; `fileOption`
    /// is the option that names the file.
    public func password(file: String?, variable: String, prompt: String, fileOption: OptionText = "\(option: "passwordFile") FILE") -> PasswordSource {
        var source = PasswordSource(file: file, environmentVariable: variable, prompt: prompt, fileOption: fileOption)
        source.variables = variables
        return source
    }
}
