#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The floor a new store passphrase or export password must reach: a length, and a
/// simple guessability check (no repetition, no keyboard or alphabet run, not a common
/// password with digits added). It reads the secret in place; nothing is copied into a `String`.
public enum PassphraseStrength {
    /// The fewest characters a new passphrase may have.
    public static let minimumLength = 12
    /// The fewest different characters.
    public static let minimumDistinct = 5

    /// The words that make a password guessable in a handful of tries, whatever digits or
    /// signs are added to them.
    static let commonWords: Set<String> = [
        "password", "passphrase", "passwort", "motdepasse", "qwerty", "qwertz", "azerty", "letmein", "welcome",
        "iloveyou", "admin", "administrator", "changeme", "secret", "default", "monkey", "dragon", "master",
        "spconnect", "sharepoint", "microsoft", "office", "azure", "login", "test", "abc", "",
        "summer", "winter", "spring", "autumn", "sunshine", "football", "baseball", "princess", "shadow", "superman",
        "trustno", "whatever", "freedom", "january", "february", "december", "hello", "company", "access",
    ]
    /// Keyboard rows, the alphabet, and the column walks (`1qaz2wsx…`, both ways up).
    static let rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop", "abcdefghijklmnopqrstuvwxyz",
                       "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
                       "1qay2wsx3edc4rfv5tgb6zhn7ujm8ik,9ol.0p", "qaz1wsx2edc3rfv4tgb5yhn6ujm7ik,8ol.9"]
    /// The usual letter-for-sign swaps (`P@ssw0rd`), with `1` read as `i` and as `l`.
    static let substitutions: [[UInt8: UInt8]] = [
        [0x40: 0x61, 0x30: 0x6F, 0x31: 0x69, 0x33: 0x65, 0x24: 0x73, 0x21: 0x69, 0x34: 0x61, 0x35: 0x73, 0x37: 0x74],
        [0x40: 0x61, 0x30: 0x6F, 0x31: 0x6C, 0x33: 0x65, 0x24: 0x73, 0x21: 0x69, 0x34: 0x61, 0x35: 0x73, 0x37: 0x74],
    ]

    /// What the secret lacks, or nil when it is strong enough.
    public static func problem(_ secret: SecretBytes) -> String? {
        secret.withUnsafeBytes { bytes -> String? in
            let characters = bytes.reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
            if characters < minimumLength {
                return "it has \(characters) character\(characters == 1 ? "" : "s"); at least \(minimumLength) are needed"
            }
            var lower = [UInt8](repeating: 0, count: bytes.count)
            defer { lower.withUnsafeMutableBytes { explicit_bzero($0.baseAddress!, $0.count) } }
            for (index, byte) in bytes.enumerated() { lower[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
            if Set(lower).count < minimumDistinct {
                return "it uses fewer than \(minimumDistinct) different characters"
            }
            for period in 1...(lower.count / 2) where lower.count % period == 0 {
                if (period..<lower.count).allSatisfy({ lower[$0] == lower[$0 - period] }) {
                    return "it repeats the same \(period == 1 ? "character" : "few characters")"
                }
            }
            var steps = 0
            for index in 1..<lower.count where abs(Int(lower[index]) - Int(lower[index - 1])) <= 1 { steps += 1 }
            if steps >= lower.count - 2 { return "it is a run of neighbouring characters" }
            if isKeyboardRun(lower) { return "it is a run of keys on a keyboard row" }
            var letters = [UInt8]()
            defer { letters.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
            letters.reserveCapacity(lower.count)
            for byte in lower where (0x61...0x7A).contains(byte) || byte >= 0x80 { letters.append(byte) }
            if isCommonWord(letters) || isCommonWord(withSubstitutions: lower) {
                return "it is a common password with digits or signs added"
            }
            return nil
        }
    }

    /// Whether `letters` is a common word, or one said twice.
    private static func isCommonWord(_ letters: [UInt8]) -> Bool {
        commonWords.contains(where: { Array($0.utf8) == letters || (!$0.isEmpty && Array(($0 + $0).utf8) == letters) })
    }

    /// Whether `text`, without its trailing digits and signs and with the usual swaps read
    /// back as letters (`P@ssw0rd2024` is `password`), is a common word.
    private static func isCommonWord(withSubstitutions text: [UInt8]) -> Bool {
        var end = text.count
        while end > 0, !(0x61...0x7A).contains(text[end - 1]), text[end - 1] < 0x80 { end -= 1 }
        for table in substitutions {
            var mapped = [UInt8]()
            defer { mapped.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
            mapped.reserveCapacity(end)
            for byte in text[..<end] {
                let letter = table[byte] ?? byte
                if (0x61...0x7A).contains(letter) || letter >= 0x80 { mapped.append(letter) }
            }
            if isCommonWord(mapped) { return true }
        }
        return false
    }

    /// Whether every character is on one keyboard row (or the alphabet), in order, either way.
    private static func isKeyboardRun(_ text: [UInt8]) -> Bool {
        for row in rows {
            let keys = Array(row.utf8)
            for sequence in [keys, keys.reversed()] {
                let doubled = sequence + sequence
                if text.count <= doubled.count, (0...(doubled.count - text.count)).contains(where: { Array(doubled[$0..<($0 + text.count)]) == text }) {
                    return true
                }
            }
        }
        return false
    }

    /// Throws ``ErrorCode/weakPassword`` when `secret` is below the floor.
    public static func require(_ secret: SecretBytes, what: String) throws(CommonError) {
        guard let problem = problem(secret) else { return }
        throw CommonError(.weakPassword, "the \(what) is too weak: \(problem)")
    }
}
