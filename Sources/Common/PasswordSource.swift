#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a password or passphrase comes from: a file, an environment variable, or a
/// no-echo prompt on the terminal. Never from the command line, where every process
/// on the machine could read it.
public struct PasswordSource: Sendable {
    /// A file holding the password (one trailing newline is dropped).
    public var file: String?
    /// The environment variable checked when no file is given.
    public var environmentVariable: String
    /// The question shown at the prompt.
    public var prompt: String
    /// The caller's words for where the file is named, for hints (an option by its key, or
    /// words); nil: the command line's own password-file option.
    public var fileOption: OptionText?

    /// For a new password (`read(confirm: true)`): accept one below ``PassphraseStrength``'s
    /// floor (`--insecure-weak-passphrase`).
    public var allowWeak = false
    /// What a new password protects, for the strength error ("store passphrase").
    public var what = "password"
    /// Where ``environmentVariable`` is looked up.
    public var variables = EnvironmentVariables.process

    public init(file: String?, environmentVariable: String, prompt: String, fileOption: OptionText? = nil) {
        self.file = file
        self.environmentVariable = environmentVariable
        self.prompt = prompt
        self.fileOption = fileOption
    }

    /// Whether the password will be typed at a terminal (no file, no variable).
    public var isTyped: Bool {
        file == nil && !variables.isSet(environmentVariable) && TerminalPrompt() != nil
    }

    /// Writes a line to the terminal, if there is one (e.g. "Wrong passphrase; once more.").
    public static func tell(_ text: String) {
        TerminalPrompt()?.say(text)
    }

    /// Reads the password.
    ///
    /// - Parameter confirm: a new password: at a prompt, ask twice and require the same
    ///   answer; from anywhere, refuse one below ``PassphraseStrength``'s floor unless ``allowWeak``.
    public func read(confirm: Bool) throws(CommonError) -> SecretBytes {
        let secret = try readRaw(confirm: confirm)
        if confirm && !allowWeak { try PassphraseStrength.require(secret, what: what) }
        return secret
    }

    private func readRaw(confirm: Bool) throws(CommonError) -> SecretBytes {
        let secret: SecretBytes
        if let file {
            secret = try Self.readFile(file)
        } else if let value = variables.secret(environmentVariable) {
            secret = value
        } else if let terminal = TerminalPrompt() {
            let first = try terminal.ask(prompt)
            if confirm && !first.isEmpty {
                let second = try terminal.ask("Again, to confirm: ")
                guard first.constantTimeEquals(second) else {
                    throw CommonError(.passwordMismatch, "the two passwords differ")
                }
            }
            secret = first
        } else {
            var facts = ErrorFacts(values: [.variable: environmentVariable])
            if let fileOption { facts.set(.passwordFile, fileOption) }
            throw CommonError(.passwordUnavailable, "a password is needed and there is no terminal to ask on", facts: facts)
        }
        guard !secret.isEmpty else {
            throw CommonError(.passwordEmpty, "the password is empty")
        }
        return secret
    }

    static func readFile(_ path: String) throws(CommonError) -> SecretBytes {
        // A link is followed (secrets are often mounted as links); the file it reaches is
        // checked: owned by the user and readable by no one else.
        guard let fd = try FileTrust.openFile(path, privacy: .privateToOwner, followLinks: true) else {
            throw CommonError(.readFailed, "no such file", location: path, facts: .step(.passwordFile, path: path))
        }
        defer { close(fd) }
        let capacity = 4096
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, capacity)
            buffer.deallocate()
        }
        var total = 0
        while total < capacity {
            let count = Glibc.read(fd, buffer.baseAddress! + total, capacity - total)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CommonError(.readFailed, String(cString: strerror(errno)), location: path)
            }
            if count == 0 { break }
            total += count
        }
        if total == capacity {
            throw CommonError(.readFailed, "a password file must be shorter than \(capacity) bytes", location: path, facts: ErrorFacts(values: [.limit: "\(capacity)"]))
        }
        if total > 0 && buffer[total - 1] == 0x0A { total -= 1 }
        if total > 0 && buffer[total - 1] == 0x0D { total -= 1 }
        return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<total]))
    }
}
