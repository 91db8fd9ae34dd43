import ArgumentParser
import Workflow

/// `spconnect init`: the home folder and the encrypted store.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the encrypted store (asks for a passphrase twice).",
        discussion: """
        Creates the home folder (mode 0700) and store.sqlite (mode 0600) with a new
        X25519 key pair. The private half is locked under your passphrase (scrypt,
        calibrated to about 250 ms, then AES-256-GCM); every private key spconnect keeps
        is sealed to the public half, so `request` and `import` never need the passphrase.

        The passphrase comes from SPCONNECT_PASSPHRASE_FILE, SPCONNECT_PASSPHRASE,
        or a prompt (asked twice); it needs at least 12 characters and must not be
        easy to guess. init also pins the store's public key in
        ~/.config/spconnect/pins (or $XDG_CONFIG_HOME/spconnect/pins): every later
        command that seals checks it, so a store file changed behind your back is
        refused. Running init again changes nothing.

        Examples:
          spconnect init
          spconnect --home ~/work/spconnect init
          SPCONNECT_PASSPHRASE_FILE=~/.config/spconnect/passphrase spconnect init
        """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var weak: WeakPassphraseOption

    func run() throws {
        let outcome = try InitStore(allowWeakPassphrase: weak.allowed).run(in: global.environment()) {
            Console.note("Creating the store (calibrating scrypt to about 250 ms)…")
        }
        guard case .created(let location, let cost) = outcome else {
            if case .existing(let location) = outcome {
                Console.out("A store already exists at \(location.databasePath); nothing was changed.")
            }
            return
        }
        Console.out("Created \(location.databasePath) (scrypt N=2^\(cost.logN), r=\(cost.r), p=\(cost.p)).")
        Console.out("Next: " + PasteableCommand.spconnect(home: global.home, ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "admin@contoso.com",
                                                                         "--site", "https://contoso.sharepoint.com/sites/reports",
                                                                         "--from", "Dana <dana@contoso.com>"]))
    }
}
