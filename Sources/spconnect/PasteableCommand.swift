import Workflow

/// Command lines printed for a person to paste into a POSIX shell (`Next: spconnect verify …`,
/// `show`'s export lines): each word quoted only when it needs it, and the `--home` the user
/// gave carried along, so that following the line reaches the same store.
enum PasteableCommand {
    /// `spconnect [--home HOME] WORDS…`, each word made safe for the shell.
    static func spconnect(home: String?, _ words: [String]) -> String {
        (["spconnect"] + (home.map { ["--home", $0] } ?? []) + words).map(shellWord).joined(separator: " ")
    }

    /// `text` as one shell word: as it is when it holds only characters no shell treats
    /// specially (letters, digits, `@%+=:,./_-`), else single-quoted (``ScriptQuoting/shell(_:)``).
    static func shellWord(_ text: String) -> String {
        isPlain(text, extra: "@%+=:,./_-") ? text : ScriptQuoting.shell(text)
    }

    /// `text` as one PowerShell argument: as it is when it holds only letters, digits and
    /// `./_-:`, else a verbatim string (``ScriptQuoting/powerShell(_:)``).
    static func powerShellWord(_ text: String) -> String {
        isPlain(text, extra: "./_-:") ? text : ScriptQuoting.powerShell(text)
    }

    private static func isPlain(_ text: String, extra: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || extra.unicodeScalars.contains(scalar))
        }
    }
}
