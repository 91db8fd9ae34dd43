import Common
import Hints
import Entra
import Domain
import Workflow

// How `verify` shows one check: a report line with its details, and its `--json` object.
extension VerificationStep {
    /// The step as report lines: `ok    token  …`, then indented details.
    var text: String {
        let mark = switch outcome {
        case .ok: "ok  "
        case .failed: "FAIL"
        case .skipped: "skip"
        }
        var lines = ["\(mark)  \(check.rawValue.padding(5))  \(OptionSpelling.text(summaryText))"]
        for (label, value) in details { lines.append("             \((label + ":").padding(12)) \(value)") }
        return lines.joined(separator: "\n")
    }

    /// "valid until" → "validUntil".
    static func jsonKey(_ label: String) -> String {
        let words = label.split(separator: " ")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    /// What `code` says for a failure that is not Entra's: the name of the module's error,
    /// as the report has always written it (`VaultError`, `CertificateError`…).
    static func errorName(of error: any Error) -> String {
        guard let error = error as? SpconnectError else { return String(describing: type(of: error)) }
        switch error.code.domain {
        case .common: return "CommonError"
        case .certificates: return "CertificateError"
        case .vault: return "VaultError"
        case .entra: return "EntraError"
        case .mail: return "MailError"
        case .replies: return "RepliesError"
        case .templates, .workflow: return "WorkflowError"
        case .usage: return "UsageError"
        }
    }

    /// The step as JSON; field names are part of the command-line contract.
    var json: JSONValue {
        var errorJSON: JSONValue?
        if let error {
            let entra = (error as? EntraError).flatMap { $0.code.domain == .entra ? $0 : nil }
            errorJSON = .members([
                "code": .string(entra?.code.name ?? Self.errorName(of: error)),
                "reason": .string(error.shownReason),
                "hint": .optional(error.shownHint),
                "actor": .optional(entra?.facts.actor?.rawValue),
                "aadsts": entra?.facts.aadsts.map { .int($0) },
            ])
        }
        var members: [(String, JSONValue)] = [
            ("check", .string(check.rawValue)),
            ("outcome", .string(outcome.rawValue)),
            ("ok", .bool(outcome == .ok)),
            ("subject", .string(subject)),
            ("summary", .string(summary)),
        ]
        // Roles, expiry and validity have their own structured members (no prose in JSON).
        for (label, value) in details where label != "roles" && label != "expires" && label != "valid until" { members.append((Self.jsonKey(label), .string(value))) }
        if let error = errorJSON { members.append(("error", error)) }
        if let title { members.append(("title", .string(title))) }
        if let roles { members.append(("roles", .strings(roles))) }
        if let expiresAt { members.append(("expiresAt", .string(ISO8601.string(expiresAt)))) }
        if let validUntil {
            members.append(("validUntil", .string(ISO8601.string(validUntil.date))))
            members.append(("daysLeft", .int(validUntil.daysLeft)))
        }
        return .object(members.sorted { $0.0 < $1.0 })
    }
}

extension String {
    /// Pads with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
