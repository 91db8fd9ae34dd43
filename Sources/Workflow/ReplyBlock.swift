/// The block the admin fills in and sends back (DESIGN.md, "The reply block").
///
/// The labels are the Microsoft Entra admin center's own ("Directory (tenant) ID",
/// "Application (client) ID" on an app registration's Overview page;
/// https://learn.microsoft.com/entra/identity-platform/quickstart-register-app).
public enum ReplyBlock {
    /// The block's first line.
    public static let beginMarker = "----- BEGIN SPCONNECT REPLY -----"
    /// The block's last line.
    public static let endMarker = "----- END SPCONNECT REPLY -----"
    /// The tenant ID's label, as the admin center's Overview page shows it.
    public static let tenantLabel = "Directory (tenant) ID"
    /// The client ID's label, as the admin center's Overview page shows it.
    public static let clientLabel = "Application (client) ID"
    /// The application's object ID label, as the admin center's Overview page shows it.
    public static let objectLabel = "Object ID"
    /// The thumbprint's label.
    public static let thumbprintLabel = "Certificate thumbprint"

    /// The block for `requestID` with the given values (empty for the admin to fill in).
    public static func text(requestID: String, tenantID: String = "", clientID: String = "", thumbprint: String = "") -> String {
        [
            beginMarker,
            "Request: \(requestID)",
            "\(tenantLabel): \(tenantID)",
            "\(clientLabel): \(clientID)",
            "\(objectLabel): ",
            "\(thumbprintLabel): \(thumbprint)",
            endMarker,
        ].joined(separator: "\n")
    }
}
