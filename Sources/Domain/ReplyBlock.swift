import Replies

/// The block the admin fills in and sends back (DESIGN.md, "The reply block"). Its labels
/// are ``Replies/ReplyField/label``, the ones `import` reads.
public enum ReplyBlock {
    /// The block's first line.
    public static let beginMarker = "----- BEGIN SPCONNECT REPLY -----"
    /// The block's last line.
    public static let endMarker = "----- END SPCONNECT REPLY -----"
    /// The tenant ID's label, as the admin center's Overview page shows it.
    public static var tenantLabel: String { ReplyField.tenantID.label }
    /// The client ID's label, as the admin center's Overview page shows it.
    public static var clientLabel: String { ReplyField.clientID.label }
    /// The application object's ID label, as the admin center's Overview page shows it.
    public static var objectLabel: String { ReplyField.objectID.label }
    /// The thumbprint's label.
    public static var thumbprintLabel: String { ReplyField.thumbprint.label }

    /// The block for `requestID` with the given values (empty for the admin to fill in).
    public static func text(requestID: String, tenantID: String = "", clientID: String = "", objectID: String = "",
                            thumbprint: String = "") -> String {
        let values: [ReplyField: String] = [.request: requestID, .tenantID: tenantID, .clientID: clientID,
                                            .objectID: objectID, .thumbprint: thumbprint]
        return ([beginMarker] + ReplyField.allCases.map { "\($0.label): \(values[$0] ?? "")" } + [endMarker]).joined(separator: "\n")
    }
}
