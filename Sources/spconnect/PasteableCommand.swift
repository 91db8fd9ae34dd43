import Workflow

/// Command lines printed for a person to paste into a POSIX shell (`Next: spconnect verify …`,
/// `show`'s export lines): each word quoted only when it needs it, and the `--home` the user
/// gave carried along, so that following the line reaches the same store.
enum PasteableCommand {
    /// `spconnect [--home HOME] WORDS…`, each word made safe for the shell.
    static func spconnect(home: String?, _ words: [String]) -> String {
        (["spconnect"] + (home.map { ["--home", $0] } ?? []) + words).map(shellWord).joined(separator: " ")
    }

    /// `text` as one shell word (``ScriptQuoting/shellWord(_:)``).
    static func shellWord(_ text: String) -> String { ScriptQuoting.shellWord(text) }

    /// `text` as one PowerShell argument (``ScriptQuoting/powerShellWord(_:)``).
    static func powerShellWord(_ text: String) -> String { ScriptQuoting.powerShellWord(text) }
}
