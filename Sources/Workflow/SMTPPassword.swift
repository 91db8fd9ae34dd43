#if canImport(Glibc)
import Glibc
#endif
import Common

/// The SMTP password: `SPCONNECT_SMTP_PASSWORD`, else `[smtp] password_file`, else the
/// first line printed by `[smtp] password_command` (run with `/bin/sh -c`). Never argv.
public enum SMTPPassword {
    /// The password for `smtp`, or nil when no source is configured (no AUTH).
    public static func resolve(_ smtp: Configuration.SMTP, variables: EnvironmentVariables = .process) throws(WorkflowError) -> SecretBytes? {
        if let value = variables.secret("SPCONNECT_SMTP_PASSWORD") {
            return value
        }
        if let file = smtp.passwordFile {
            do {
                return try PasswordSource(file: file, environmentVariable: "SPCONNECT_SMTP_PASSWORD", prompt: "").read(confirm: false)
            } catch {
                throw WorkflowError(.smtpPasswordUnavailable, "[smtp] password_file: \(error.reason)", cause: .wrapping(error))
            }
        }
        if let command = smtp.passwordCommand {
            return try run(command)
        }
        return nil
    }

    /// Runs `command` and returns the first line of its standard output.
    static func run(_ command: String) throws(WorkflowError) -> SecretBytes {
        guard let stream = popen(command, "r") else {
            throw WorkflowError(.smtpPasswordUnavailable, "[smtp] password_command could not be started")
        }
        var line: [UInt8] = []
        line.reserveCapacity(4096)   // never reallocated, so no unwiped copy is left behind
        defer { line.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
        var sawNewline = false
        while true {
            let character = fgetc(stream)
            if character == EOF { break }
            if sawNewline { continue }
            if character == 0x0A { sawNewline = true; continue }
            if line.count < 4096 { line.append(UInt8(truncatingIfNeeded: character)) }
        }
        let status = pclose(stream)
        if line.last == 0x0D { line.removeLast() }
        guard status == 0 else {
            throw WorkflowError(.smtpPasswordUnavailable, "[smtp] password_command exited with status \(status >> 8)",
                                facts: ErrorFacts(values: [.command: command]))
        }
        guard !line.isEmpty else {
            throw WorkflowError(.smtpPasswordUnavailable, "[smtp] password_command printed nothing")
        }
        return SecretBytes(line)
    }
}
