import ArgumentParser
import Workflow

/// `spconnect passphrase change`.
struct PassphraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change the store's passphrase.",
        subcommands: [Change.self]
    )

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Re-lock the store's private key under a new passphrase.",
            discussion: """
            Only the store's own key is re-locked; no sealed secret changes. The current
            passphrase comes from SPCONNECT_PASSPHRASE_FILE, SPCONNECT_PASSPHRASE or a prompt;
            the new one from SPCONNECT_NEW_PASSPHRASE_FILE, SPCONNECT_NEW_PASSPHRASE or a
            prompt (asked twice).

            Examples:
              spconnect passphrase change
            """
        )

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let current = try Passphrases.current()
            let new = try Passphrases.replacement()
            try store.changePassphrase(current: current, new: new, parameters: ScryptCost.fromEnvironment)
            Console.out("The passphrase of \(store.location.databasePath) was changed.")
        }
    }
}
