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
    /// One line on what happened, the options it names kept by key (the command line spells them).
    public let summaryText: OptionText
    /// One line on what happened, as ``OptionText/plain`` says it.
    public var summary: String { summaryText.plain }
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

    init(_ check: Check, _ outcome: Outcome, subject: String, summary: OptionText, details: [(String, String)] = [],
         error: (any UserFacingError)? = nil, title: String? = nil, roles: [String]? = nil, expiresAt: Date? = nil,
         validUntil: (date: Date, daysLeft: Int)? = nil) {
        self.check = check
        self.outcome = outcome
        self.subject = subject
        self.summaryText = summary
        self.details = details
        self.error = error
        self.title = title
        self.roles = roles
        self.expiresAt = expiresAt
        self.validUntil = validUntil
    }
}
