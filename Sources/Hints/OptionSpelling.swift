import Common

/// How the command line spells an option that a module below it names by key
/// (``OptionText``): `tenant` is `--tenant`, `caFile` `--ca-file`, `tenantID` `--tenant-id`,
/// the way the argument parser names an option after its property. With ``Hint``, the one
/// place below the command files that writes flag names.
public enum OptionSpelling {
    /// The flag of the option `key`: `--` and the key's words in lower case, joined by
    /// hyphens (a run of capitals, `ID`, is one word).
    public static func flag(_ key: String) -> String {
        var words = ""
        var previous: Character?
        let characters = Array(key)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, let before = previous {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // A word starts at a capital after a small letter or a digit, or at the last
                // capital of a run followed by a small letter (`URLPath`: `url-path`).
                if before.isLowercase || before.isNumber || (before.isUppercase && next?.isLowercase == true) {
                    words.append("-")
                }
            }
            words.append(Character(character.lowercased()))
            previous = character
        }
        return "--" + words
    }

    /// `text` with each option spelled as its flag.
    public static func text(_ text: OptionText) -> String {
        text.spelled(flag)
    }

    /// The value `fact` of `error` as the command line says it: its option spelled as a flag.
    public static func value(_ fact: ErrorFact, of error: SpconnectError) -> String? {
        error.facts.worded[fact].map(text) ?? error.facts[fact]
    }

    /// The error's location as the command line says it.
    public static func location(of error: SpconnectError) -> String {
        error.facts.worded[.location].map(text) ?? error.location
    }

    /// What follows `spconnect: error: `: ``SpconnectError/reason`` with the options its
    /// detail and location name spelled as flags.
    public static func reason(of error: SpconnectError) -> String {
        text(error.wordedReason)
    }
}
