#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import OpenSSLSupport
import Common
import Entra
import Mail
import Workflow

/// How spconnect ends on an error. The one place that decides the exit code: 2 for every
/// usage error (a value or a combination of flags refused before anything was done), 1 for
/// every other failure. The error is written as `spconnect: error: …` and `spconnect: hint: …`
/// lines on standard error and, when `--json` was given, also as one JSON document on standard
/// output: `{"error": {"code": …, "message": …, "hint": …}}`.
struct ErrorReport {
    /// A stable name for the kind of error: the module error's code (`invalidKeySize`,
    /// `notFound`…), or `usage` for what the argument parser refused.
    let code: String
    let message: String
    let hint: String?
    /// Whether this is a usage error (exit 2).
    let isUsage: Bool
    /// The text written on standard error instead of the two house-style lines (the argument
    /// parser's own message with its usage line), when there is one.
    var parserText: String?
    /// The error itself, written by ``Console/report(_:)`` (the one writer of error lines).
    var source: (any UserFacingError)?

    var exitCode: Int32 { isUsage ? 2 : 1 }

    /// The codes of usage errors: a value given on the command line (or in config.toml)
    /// that a module refused before anything was done.
    static let usageCodes: Set<ErrorCode> = [
        .invalidOption,
        .invalidName, .invalidKeySize, .invalidValidity,
        .unknownCloud, .unknownProfile, .unknownRole, .invalidValue,
        // Addresses and header values given on the command line (or in config.toml).
        .controlCharacter, .invalidAddress, .quotedLocalPart, .invalidDomain, .invalidDisplayName,
    ]

    /// The rule: which errors are usage errors.
    static func isUsage(_ error: any Error) -> Bool {
        switch error {
        case is UsageError, is ValidationError:
            return true
        case let error as SpconnectError:
            return usageCodes.contains(error.code)
        default:
            return false
        }
    }

    init(_ error: any UserFacingError) {
        code = Self.code(of: error) ?? "failed"
        message = error.shownReason
        hint = error.shownHint
        isUsage = Self.isUsage(error)
        source = error
    }

    /// The stable name of `error`'s kind (a ``SpconnectError``'s code name), if it has one.
    static func code(of error: any Error) -> String? {
        if let error = error as? SpconnectError { return error.code.name }
        if let error = error as? UsageError { return error.code }
        return nil
    }

    /// An error of the argument parser (unknown option, missing value, a `validate()` refusal).
    init(parserError error: any Error) {
        code = "usage"
        message = SPConnect.message(for: error)
        hint = "see: spconnect help"
        isUsage = true
        parserText = SPConnect.fullMessage(for: error)
    }

    /// Any other error (none is expected to reach here).
    init(other error: any Error) {
        code = "failed"
        message = SPConnect.message(for: error)
        hint = nil
        isUsage = Self.isUsage(error)
    }

    /// The `--json` document.
    var json: JSONValue {
        .members(["error": .members(["code": .string(code), "message": .string(message), "hint": .optional(hint)])])
    }

    /// Whether `--json` was given (before any `--` that starts another command's arguments).
    static var jsonRequested: Bool {
        CommandLine.arguments.dropFirst().prefix { $0 != "--" }.contains("--json")
    }

    /// Writes the error and exits.
    func exit() -> Never {
        if let parserText {
            Console.write(parserText + "\n", to: 2)
        } else if let source {
            Console.report(source)
        } else {
            Console.write("spconnect: error: \(message)\n", to: 2)
            if let hint { Console.write("spconnect: hint: \(hint)\n", to: 2) }
        }
        if Self.jsonRequested { Console.out(json.rendered) }
        Glibc.exit(exitCode)
    }

    /// Ends the process for `error` thrown by parsing or running a command.
    static func exit(for error: any Error) -> Never {
        if let code = error as? ExitCode { Glibc.exit(code.rawValue) }
        if let error = error as? any UserFacingError { ErrorReport(error).exit() }
        switch SPConnect.exitCode(for: error) {
        case .success:
            SPConnect.exit(withError: error)   // --help, --version
        case .validationFailure:
            ErrorReport(parserError: error).exit()
        default:
            ErrorReport(other: error).exit()
        }
    }
}
