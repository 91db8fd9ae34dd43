// What a child process left behind, as the one runner (``Subprocess``) returns it.

/// What a finished process left behind.
public struct RunResult: CustomStringConvertible, Sendable {
    /// The exit code; 128 + N when killed by signal N.
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// What the child wrote to its terminal, when it had one.
    public let terminal: String
    /// Whether the terminal's echo was on once the child had ended (nil: no terminal).
    public var terminalEcho: Bool? = nil

    public init(status: Int32, stdout: String, stderr: String, terminal: String, terminalEcho: Bool? = nil) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.terminal = terminal
        self.terminalEcho = terminalEcho
    }

    /// The result of a run that could not start.
    static let failed = RunResult(status: -1, stdout: "", stderr: "", terminal: "")

    /// The `spconnect: error: …` lines on standard error.
    public var errorLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("spconnect: error:") } }
    /// The `spconnect: hint: …` lines on standard error.
    public var hintLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("spconnect: hint:") } }
    /// The `spconnect: warning: …` lines on standard error.
    public var warningLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("spconnect: warning:") } }

    public var description: String {
        "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" + (terminal.isEmpty ? "" : "\n--- terminal ---\n\(terminal)")
    }
}
