import ArgumentParser

/// `--insecure-weak-passphrase`: accept a new passphrase or password below the strength floor.
struct WeakPassphraseOption: ParsableArguments {
    @Flag(name: .customLong("insecure-weak-passphrase"),
          help: "Accept a new passphrase or password shorter than 12 characters or easy to guess (not recommended).")
    var allowed = false
}
