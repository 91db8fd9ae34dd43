// How a test drives a child's pseudo-terminal (see ``Subprocess``).

/// One exchange on a pseudo-terminal: wait for `prompt`, then type `answer` and Return.
public struct TerminalExchange: Sendable {
    public let prompt: String
    public let answer: String
    /// Whether to wait, too, until the child has turned the terminal's echo off (a password
    /// prompt does; a yes/no question does not).
    public let afterEchoIsOff: Bool

    public init(prompt: String, answer: String, afterEchoIsOff: Bool = true) {
        self.prompt = prompt
        self.answer = answer
        self.afterEchoIsOff = afterEchoIsOff
    }
}
