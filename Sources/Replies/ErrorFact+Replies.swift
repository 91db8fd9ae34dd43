import Common

/// The values a `Replies` error carries for its hint.
extension ErrorFact {
    /// The reply field concerned (a ``Domain/ReplyField`` raw value: `clientID`, `tenantID`…).
    public static let field = ErrorFact("field")
    /// A tenant (GUID or domain) the next step names.
    public static let tenant = ErrorFact("tenant")
    /// A certificate thumbprint the next step names.
    public static let thumbprint = ErrorFact("thumbprint")
    /// The pending requests to choose from, listed (`SPC-…, SPC-…`), or absent when there is none.
    public static let pending = ErrorFact("pending")
    /// What the input was, when that changes the next step: `none` (no reply at all),
    /// `text` (not an email), `msg` (a damaged Outlook file), `richText` (an Outlook message
    /// with a rich-text body only), `attachment` (values only in attachments), `sha256`
    /// (a SHA-256 fingerprint given as a thumbprint).
    public static let input = ErrorFact("input")
}
