import Common

/// The codes of the `Replies` module: reading an admin's reply and checking the values it
/// carries against the request it answers. Messages name the values concerned (IDs and
/// thumbprints are not secrets).
extension ErrorCode {
    /// The reply is larger than ``ReplyParser/maximumSize``.
    public static let repliesTooLarge = ErrorCode(.replies, "tooLarge")
    /// The file cannot be read.
    public static let repliesUnreadable = ErrorCode(.replies, "unreadable")
    /// The input is binary data, not a message or text.
    public static let notText = ErrorCode(.replies, "notText")
    /// The message ends before its last MIME part closes, and no reply values were found.
    public static let repliesTruncated = ErrorCode(.replies, "truncated")
    /// Nothing that looks like a reply: no reply block, no labelled value.
    public static let noReply = ErrorCode(.replies, "noReply")
    /// Only reply blocks with empty values: the admin did not fill them in.
    public static let emptyReply = ErrorCode(.replies, "emptyReply")
    /// The reply gives two different values for one field.
    public static let conflictingValues = ErrorCode(.replies, "conflictingValues")
    /// No request ID: neither in the reply nor given by the person.
    public static let missingRequest = ErrorCode(.replies, "missingRequest")
    /// The request ID is not of the form `SPC-XXXX-XXXX`.
    public static let invalidRequestID = ErrorCode(.replies, "invalidRequestID")
    /// No request with that ID in this store.
    public static let unknownRequest = ErrorCode(.replies, "unknownRequest")
    /// The request is cancelled (or otherwise no longer waiting for a reply).
    public static let requestNotPending = ErrorCode(.replies, "requestNotPending")
    /// The request was already imported, as a connection with other values.
    public static let alreadyFulfilled = ErrorCode(.replies, "alreadyFulfilled")
    /// No Application (client) ID in the reply or the given values.
    public static let missingClientID = ErrorCode(.replies, "missingClientID")
    /// The tenant ID is neither a GUID nor a domain name.
    public static let invalidTenantID = ErrorCode(.replies, "invalidTenantID")
    /// The reply's tenant GUID is not the tenant GUID the request was made for.
    public static let tenantMismatch = ErrorCode(.replies, "tenantMismatch")
    /// The client ID is not a GUID.
    public static let invalidClientID = ErrorCode(.replies, "invalidClientID")
    /// The client ID equals the tenant ID: the admin copied the wrong field.
    public static let clientIDIsTenantID = ErrorCode(.replies, "clientIDIsTenantID")
    /// A GUID made of zeros only: a placeholder, not an ID.
    public static let zeroGUID = ErrorCode(.replies, "zeroGUID")
    /// The client ID is one of Microsoft's own applications (SharePoint, Graph…), not the new app.
    public static let microsoftAppID = ErrorCode(.replies, "microsoftAppID")
    /// The thumbprint is not 40 hex digits.
    public static let invalidThumbprint = ErrorCode(.replies, "invalidThumbprint")
    /// The thumbprint is not the request certificate's: the admin uploaded another certificate.
    public static let thumbprintMismatch = ErrorCode(.replies, "thumbprintMismatch")
    /// The request's certificate has expired.
    public static let certificateExpired = ErrorCode(.replies, "certificateExpired")
    /// The connection name is not allowed.
    public static let repliesInvalidName = ErrorCode(.replies, "invalidName")
    /// A connection with that name already exists.
    public static let nameTaken = ErrorCode(.replies, "nameTaken")
    /// The Object ID is not a GUID, or is the client or tenant ID.
    public static let invalidObjectID = ErrorCode(.replies, "invalidObjectID")
    /// The reply's tenant domain is neither the request's nor a tenant's `onmicrosoft.com` domain (a look-alike).
    public static let tenantDomainMismatch = ErrorCode(.replies, "tenantDomainMismatch")
    /// In strict mode: the reply is not an email from one of the request's admins.
    public static let unknownSender = ErrorCode(.replies, "unknownSender")
    /// In strict mode: a value comes from HTML whose style sheet hides content by rules spconnect cannot apply.
    public static let hiddenContent = ErrorCode(.replies, "hiddenContent")
}
