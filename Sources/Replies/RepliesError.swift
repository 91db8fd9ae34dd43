import Common

/// The error type of the `Replies` module: reading an admin's reply and checking the
/// values it carries against the request it answers.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
/// Messages name the values concerned (IDs and thumbprints are not secrets).
public struct RepliesError: UserFacingError, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable, CaseIterable {
        /// The reply is larger than ``ReplyParser/maximumSize``.
        case tooLarge
        /// The file cannot be read.
        case unreadable
        /// The input is binary data, not a message or text.
        case notText
        /// The message ends before its last MIME part closes, and no reply values were found.
        case truncated
        /// Nothing that looks like a reply: no reply block, no labelled value.
        case noReply
        /// Only reply blocks with empty values: the admin did not fill them in.
        case emptyReply
        /// The reply gives two different values for one field.
        case conflictingValues
        /// No request ID: neither in the reply nor given with `--request`.
        case missingRequest
        /// The request ID is not of the form `SPC-XXXX-XXXX`.
        case invalidRequestID
        /// No request with that ID in this store.
        case unknownRequest
        /// The request is cancelled (or otherwise no longer waiting for a reply).
        case requestNotPending
        /// The request was already imported, as a connection with other values.
        case alreadyFulfilled
        /// No Application (client) ID in the reply or the flags.
        case missingClientID
        /// The tenant ID is neither a GUID nor a domain name.
        case invalidTenantID
        /// The reply's tenant GUID is not the tenant GUID the request was made for.
        case tenantMismatch
        /// The client ID is not a GUID.
        case invalidClientID
        /// The client ID equals the tenant ID: the admin copied the wrong field.
        case clientIDIsTenantID
        /// A GUID made of zeros only: a placeholder, not an ID.
        case zeroGUID
        /// The client ID is one of Microsoft's own applications (SharePoint, Graph…), not the new app.
        case microsoftAppID
        /// The thumbprint is not 40 hex digits.
        case invalidThumbprint
        /// The thumbprint is not the request certificate's: the admin uploaded another certificate.
        case thumbprintMismatch
        /// The request's certificate has expired.
        case certificateExpired
        /// The connection name is not allowed.
        case invalidName
        /// A connection with that name already exists.
        case nameTaken
        /// The Object ID is not a GUID, or is the client or tenant ID.
        case invalidObjectID
        /// The reply's tenant domain is neither the request's nor a tenant's `onmicrosoft.com` domain (a look-alike).
        case tenantDomainMismatch
        /// Under `--strict`: the reply is not an email from one of the request's admins.
        case unknownSender
        /// Under `--strict`: a value comes from HTML whose style sheet hides content by rules spconnect cannot apply.
        case hiddenContent
    }

    /// What kind of failure this is; equality compares only this.
    public let code: Code
    /// What went wrong, naming the values concerned.
    public let detail: String
    /// What to do next.
    public let hint: String?
    /// The file, request or value concerned, when there is one.
    public let location: String

    /// The detail, after the file or record it is about.
    public var reason: String { location.isEmpty ? detail : "\(location): \(detail)" }

    public init(_ code: Code, _ detail: String, hint: String? = nil, location: String = "") {
        self.code = code
        self.detail = detail
        self.hint = hint
        self.location = location
    }

    /// The same error about another file or record.
    public func at(_ location: String) -> RepliesError {
        RepliesError(code, detail, hint: hint, location: location)
    }

    public static func == (lhs: RepliesError, rhs: RepliesError) -> Bool { lhs.code == rhs.code }
}
