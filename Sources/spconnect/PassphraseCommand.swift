import ArgumentParser
import Workflow

/// `spconnect rekey`, also `spconnect passphrase change`: a new store key and passphrase.
struct RekeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Rotate the store key and change its passphrase (also: passphrase change).",
        discussion: discussion(example: "spconnect rekey")
    )

    /// The help text of `rekey` and `passphrase change`, with `example` as its example.
    static func discussion(example: String) -> String {
        """
        Makes a new X25519 store key pair, opens every sealed private key with the
        old one and seals it again to the new one, and locks the new private key
        under the new passphrase, all in one transaction: an old copy of
        store.sqlite (a backup, a synced copy) opens nothing sealed after this, with
        either passphrase. The pinned public key is updated too.

        The current passphrase comes from SPCONNECT_PASSPHRASE_FILE,
        SPCONNECT_PASSPHRASE or a prompt; the new one from
        SPCONNECT_NEW_PASSPHRASE_FILE, SPCONNECT_NEW_PASSPHRASE or a prompt (asked
        twice). Give the same passphrase again to rotate the key only.

        Examples:
          \(example)
        """
    }

    @OptionGroup var global: GlobalOptions

    @OptionGroup var weak: WeakPassphraseOption

    func run() throws {
        let outcome = try RekeyStore(allowWeakPassphrase: weak.allowed).run(in: global.environment())
        Console.out("The store key of \(outcome.databasePath) was rotated (\(outcome.resealed) sealed keys resealed) and its passphrase changed.")
    }
}

/// `spconnect passphrase change`: the name the store has always had for ``RekeyCommand``.
struct PassphraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change the store's passphrase (rotates the store key: see rekey).",
        subcommands: [Change.self]
    )

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Rotate the store key and change its passphrase (the same as rekey).",
            discussion: RekeyCommand.discussion(example: "spconnect passphrase change")
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var weak: WeakPassphraseOption

        func run() throws {
            var command = RekeyCommand()
            command.global = global
            command.weak = weak
            try command.run()
        }
    }
}
