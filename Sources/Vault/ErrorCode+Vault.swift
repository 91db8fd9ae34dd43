import Common

extension ErrorCode {
    /// There is no store in the home folder.
    public static let storeMissing = ErrorCode(.vault, "storeMissing")
    /// A store exists where one is made.
    public static let storeExists = ErrorCode(.vault, "storeExists")
    /// The store cannot be opened or read, or is damaged.
    public static let storeUnreadable = ErrorCode(.vault, "storeUnreadable")
    /// The store's folder or file is open to group or others.
    public static let storeTooOpen = ErrorCode(.vault, "storeTooOpen")
    /// The store was written by a newer spconnect.
    public static let schemaTooNew = ErrorCode(.vault, "schemaTooNew")
    /// The passphrase does not open the store key.
    public static let wrongPassphrase = ErrorCode(.vault, "wrongPassphrase")
    /// A passphrase is needed and there is nowhere to get it from.
    public static let passphraseUnavailable = ErrorCode(.vault, "passphraseUnavailable")
    /// A sealed key or a stored key that does not authenticate.
    public static let vaultAuthenticationFailed = ErrorCode(.vault, "authenticationFailed")
    /// A sealed blob of the wrong shape or version.
    public static let malformedBlob = ErrorCode(.vault, "malformedBlob")
    /// No record of that name or ID.
    public static let notFound = ErrorCode(.vault, "notFound")
    /// A change that collides with another record or with a concurrent change.
    public static let conflict = ErrorCode(.vault, "conflict")
    /// A record whose status does not allow the change.
    public static let invalidState = ErrorCode(.vault, "invalidState")
    /// Any other SQLite failure.
    public static let database = ErrorCode(.vault, "database")
    /// A record whose record MAC is wrong, or missing though it must be there: its
    /// certificate, thumbprints or sealed key were replaced outside spconnect.
    public static let recordAltered = ErrorCode(.vault, "recordAltered")
    /// A record made before record MACs, still waiting for its first (the integrity check only).
    public static let recordMACPending = ErrorCode(.vault, "recordMACPending")
    /// Records have MACs, but the key beside the pin that checks them is gone.
    public static let macKeyMissing = ErrorCode(.vault, "macKeyMissing")
    /// The record MAC key file cannot be read or written, or is not this store's.
    public static let macKeyUnreadable = ErrorCode(.vault, "macKeyUnreadable")
    /// A cryptographic primitive failed.
    public static let crypto = ErrorCode(.vault, "crypto")
    /// The store's public key is not the one pinned, or not the one its private key makes.
    public static let storeKeyChanged = ErrorCode(.vault, "storeKeyChanged")
    /// The pin file cannot be read or written.
    public static let pinUnreadable = ErrorCode(.vault, "pinUnreadable")
    /// There is no pin yet: only an unlock may write one, so nothing is sealed until then.
    public static let pinMissing = ErrorCode(.vault, "pinMissing")
    /// A file or folder of the home is not the user's alone.
    public static let vaultUntrusted = ErrorCode(.vault, "untrusted")
    /// A record whose certificate, thumbprint and key do not belong together.
    public static let inconsistentRecord = ErrorCode(.vault, "inconsistentRecord")
    /// A record holds a cloud, permission profile, site role or API this spconnect
    /// does not know (a newer spconnect wrote it, or the store was altered).
    public static let unknownValue = ErrorCode(.vault, "unknownValue")
}

/// The situations a store error's hint tells apart, where one code has several next steps
/// (``ErrorFact/step``).
public enum VaultStep: String, Sendable {
    /// Nothing was changed (and nothing else is to be done).
    case unchanged
    /// A concurrent change; the same command may simply run again.
    case retry
    /// A concurrent rekey; nothing was changed and it may run again.
    case rekeyRace
    /// The request is fulfilled already by the connection ``ErrorFact/record``.
    case fulfilled
    /// The connection name given is taken.
    case nameTaken
    /// The new name of a rename is taken.
    case renameTaken
    /// The names derived for an import were all taken meanwhile.
    case derivedNamesTaken
    /// A fulfilled request cannot be cancelled; its connection stays.
    case connectionStays
    /// There is nothing to send: the request is fulfilled.
    case sentFulfilled
    /// There is nothing to send: the request is cancelled or expired.
    case sentClosed
    /// A cancelled request cannot be marked sent (`send --mark-sent`).
    case markedCancelled
    /// No such request.
    case noRequest
    /// No such connection.
    case noConnection
    /// No such connection or request.
    case noRecord
    /// The store file's own content is damaged.
    case restoreStore
    /// A sealed blob was altered outside spconnect.
    case altered
    /// A newer spconnect wrote it.
    case update
    /// A record's certificate does not have its recorded thumbprint.
    case thumbprintMismatch
    /// The file is not a spconnect store.
    case notAStore
    /// The store file cannot be opened.
    case cannotOpen
    /// The home folder cannot be made.
    case homeUnusable
    /// `init` finds a store.
    case initExists
    /// The pin file is damaged.
    case damagedPin
    /// The pin cannot be written in ``ErrorFact/path``.
    case pinNotWritable
    /// There is no home folder for the pin.
    case noHome
    /// The store's public key is not the one its private key makes.
    case keyMismatch
    /// The store is not the one pinned in ``ErrorFact/path``.
    case pinMismatch
    /// The record MAC key file is another store's.
    case macKeyOfAnotherStore
    /// The record MAC key cannot be written in ``ErrorFact/path``.
    case macKeyNotWritable
    /// The record MAC key ``ErrorFact/path`` is gone.
    case macKeyGone
    /// The request ``ErrorFact/record`` was altered outside spconnect.
    case alteredRequest
    /// The connection ``ErrorFact/record`` was altered outside spconnect.
    case alteredConnection

    /// Facts naming this step, with the `values` a hint quotes.
    public func facts(_ values: [ErrorFact: String] = [:]) -> ErrorFacts {
        ErrorFacts(values: values.merging([.step: rawValue]) { $1 })
    }
}

extension ErrorFact {
    /// The commands that fix a problem (`chmod 700 '…' && chmod 600 '…'`).
    public static let fix = ErrorFact("fix")
}

extension ErrorFacts {
    /// The store step that failed, when the error names one.
    public var vaultStep: VaultStep? { values[.step].flatMap(VaultStep.init(rawValue:)) }
}
