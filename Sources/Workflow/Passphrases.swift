#if canImport(Glibc)
import Glibc
#endif
import Common

/// Where the store's passphrase comes from: `SPCONNECT_PASSPHRASE_FILE`,
/// `SPCONNECT_PASSPHRASE`, or a no-echo prompt on the terminal.
public enum Passphrases {
    /// The passphrase that unlocks the store.
    public static func current() throws(CommonError) -> SecretBytes {
        try source(file: "SPCONNECT_PASSPHRASE_FILE", value: "SPCONNECT_PASSPHRASE", prompt: "Store passphrase: ").read(confirm: false)
    }

    /// A passphrase for a new store (asked twice at a prompt).
    public static func new() throws(CommonError) -> SecretBytes {
        try source(file: "SPCONNECT_PASSPHRASE_FILE", value: "SPCONNECT_PASSPHRASE", prompt: "New store passphrase: ").read(confirm: true)
    }

    /// The replacement passphrase for `passphrase change`: `SPCONNECT_NEW_PASSPHRASE_FILE`,
    /// `SPCONNECT_NEW_PASSPHRASE`, or a prompt asked twice.
    public static func replacement() throws(CommonError) -> SecretBytes {
        try source(file: "SPCONNECT_NEW_PASSPHRASE_FILE", value: "SPCONNECT_NEW_PASSPHRASE", prompt: "New store passphrase: ").read(confirm: true)
    }

    private static func source(file: String, value: String, prompt: String) -> PasswordSource {
        let path = getenv(file).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        return PasswordSource(file: path, environmentVariable: value, prompt: prompt, fileFlag: "the \(file) variable (a file's path)")
    }
}
