#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Common
import Entra
import Domain

/// One check `verify` made, and what came of it.
public struct VerificationStep: Sendable {
    /// What was checked.
    public enum Check: String, Sendable {
        /// The sealed key opens and matches the certificate.
        case key
        /// Entra ID issued a token for a SharePoint host.
        case token
        /// A site answered its title with that token.
        case site
    }

    /// Whether the check passed, failed, or could not run because an earlier one failed.
    public enum Outcome: String, Sendable {
        case ok, failed, skipped
    }

    /// What was checked.
    public let check: Check
    /// Whether it passed.
    public let outcome: Outcome
    /// What was checked: the thumbprint, the resource, or the site's address.
    public let subject: String
    /// One line on what happened.
    public let summary: String
    /// Further `label: value` lines (assertion, roles, expiry).
    public let details: [(String, String)]
    /// Why it failed, with what to do.
    public let error: (any UserFacingError)?
    /// The site's title (site checks).
    public let title: String?
    /// The token's roles (token checks).
    public let roles: [String]?
    /// The token's expiry (token checks).
    public let expiresAt: Date?
    /// The certificate's end and the whole days left until it (key checks).
    public let validUntil: (date: Date, daysLeft: Int)?

    init(_ check: Check, _ outcome: Outcome, subject: String, summary: String, details: [(String, String)] = [],
         error: (any UserFacingError)? = nil, title: String? = nil, roles: [String]? = nil, expiresAt: Date? = nil,
         validUntil: (date: Date, daysLeft: Int)? = nil) {
        self.check = check
        self.outcome = outcome
        self.subject = subject
        self.summary = summary
        self.details = details
        self.error = error
        self.title = title
        self.roles = roles
        self.expiresAt = expiresAt
        self.validUntil = validUntil
    }

    /// The step as report lines: `ok    token  …`, then indented details.
    public var text: String {
        let mark = switch outcome {
        case .ok: "ok  "
        case .failed: "FAIL"
        case .skipped: "skip"
        }
        var lines = ["\(mark)  \(check.rawValue.padding(5))  \(summary)"]
        for (label, value) in details { lines.append("             \((label + ":").padding(12)) \(value)") }
        return lines.joined(separator: "\n")
    }

    /// "valid until" → "validUntil".
    static func jsonKey(_ label: String) -> String {
        let words = label.split(separator: " ")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    /// The step as JSON; field names are part of the command-line contract. `hint` writes
    /// the hint of a failed check's error (the command line's).
    public func json(hint: (any UserFacingError) -> String?) -> JSONValue {
        var errorJSON: JSONValue?
        if let error {
            let entra = (error as? EntraError).flatMap { $0.code.domain == .entra ? $0 : nil }
            errorJSON = .members([
                "code": .string(entra?.code.name ?? String(describing: type(of: error))),
                "reason": .string(error.reason),
                "hint": .optional(hint(error)),
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
