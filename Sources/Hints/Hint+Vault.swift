import Common
import Vault

extension Hint {
    /// What to do after an error of the `vault` domain.
    static func vault(_ error: SpconnectError) -> String? {
        let facts = error.facts
        switch (error.code, facts.vaultStep) {
        case (_, .unchanged?):
            return "nothing was changed"
        case (_, .retry?):
            return "run the command again"
        case (.conflict, .rekeyRace?):
            return "nothing was changed; run it again"
        case (.conflict, .fulfilled?):
            return "nothing was changed; see it with: spconnect show \(facts[.record] ?? "")"
        case (.conflict, .nameTaken?):
            return "choose another with --name"
        case (.conflict, .renameTaken?):
            return "nothing was changed; choose another name (see them with: spconnect connections)"
        case (.conflict, .derivedNamesTaken?):
            return "nothing was changed; give a name with --name"
        case (.invalidState, .connectionStays?):
            return "its connection stays; nothing was changed"
        case (.invalidState, .sentFulfilled?):
            return "its connection exists: spconnect connections"
        case (.invalidState, .sentClosed?):
            return "make a new one with: spconnect request"
        case (.invalidState, .markedCancelled?):
            return "nothing was changed; if you sent its draft before cancelling, tell the admin it is no longer needed; "
                + "make a new one with: spconnect request"
        case (.notFound, .noRequest?):
            return "list them with: spconnect requests"
        case (.notFound, .noConnection?):
            return "list them with: spconnect connections"
        case (.notFound, .noRecord?):
            return "list them with: spconnect connections, spconnect requests"
        case (_, .restoreStore?):
            return "restore store.sqlite from a backup"
        case (.malformedBlob, .altered?):
            return "the store was altered outside spconnect; restore it from a backup"
        case (.vaultAuthenticationFailed, .altered?):
            return "the store was altered outside spconnect; restore it from a backup or make a new request"
        case (.malformedBlob, .update?), (.schemaTooNew, _):
            return "update spconnect"
        case (.storeUnreadable, .thumbprintMismatch?):
            return "nothing was changed; the store may be damaged: restore it from a backup"
        case (.storeUnreadable, .notAStore?):
            return "restore it from a backup"
        case (.storeUnreadable, .cannotOpen?):
            return "check the folder's owner and permissions"
        case (.storeUnreadable, .homeUnusable?):
            return "choose another --home or SPCONNECT_HOME"
        case (.storeExists, .initExists?):
            return "nothing was changed; use it, or choose another --home"
        case (.storeMissing, _):
            // Cron and systemd start without the shell's variables: a store that exists is then looked for elsewhere.
            return "run: spconnect init; or, if your store is in another folder (cron and systemd timers do not see your shell's variables), give --home DIR or SPCONNECT_HOME"
        case (.storeTooOpen, _):
            return facts[.fix].map { "run: \($0)" }
        case (.wrongPassphrase, _):
            return "check SPCONNECT_PASSPHRASE_FILE / SPCONNECT_PASSPHRASE, or type it again"
        case (.inconsistentRecord, _):
            return "do not use this record: restore store.sqlite from a backup you trust, or make a new request"
        case (.unknownValue, _):
            return "nothing was changed; update spconnect if a newer one wrote the store, or restore store.sqlite from a backup"
        case (.pinUnreadable, .damagedPin?):
            return "remove it and run the command again to pin the store anew"
        case (.pinUnreadable, .pinNotWritable?):
            return "check that \(facts[.path] ?? "") can be written (or set XDG_CONFIG_HOME)"
        case (.macKeyUnreadable, .macKeyOfAnotherStore?):
            return "restore store.sqlite or the config folder from a backup you trust"
        case (.macKeyUnreadable, .macKeyNotWritable?):
            return "check that \(facts[.path] ?? "") can be written (or set XDG_CONFIG_HOME)"
        case (.macKeyMissing, .macKeyGone?):
            return "restore \(facts[.path] ?? "") from a backup of your config folder (or set XDG_CONFIG_HOME to the folder that holds it); without it, cancel these requests and make new ones"
        case (.recordAltered, .alteredRequest?):
            let id = facts[.record] ?? ""
            return "do not send or import anything for \(id): cancel it (spconnect cancel \(id)) and make a new request; or restore store.sqlite from a backup you trust"
        case (.recordAltered, .alteredConnection?):
            let id = facts[.record] ?? ""
            return "do not use this connection: delete it (spconnect connection delete \(id)) and make a new request; or restore store.sqlite from a backup you trust"
        case (.pinUnreadable, .noHome?):
            return "set HOME or XDG_CONFIG_HOME to an absolute path"
        case (.pinMissing, _):
            return "run: spconnect rekey (it checks the key with your passphrase and pins it; give the same passphrase again to keep it), then run this command again"
        case (.storeKeyChanged, .keyMismatch?):
            return "restore store.sqlite from a backup you trust; make new requests for keys made since the change"
        case (.storeKeyChanged, .pinMismatch?):
            return "restore store.sqlite from a backup you trust; only if you replaced it yourself on purpose, remove \(facts[.path] ?? "") and run a command that unlocks the store (spconnect rekey)"
        default:
            return underlying(error)
        }
    }
}
