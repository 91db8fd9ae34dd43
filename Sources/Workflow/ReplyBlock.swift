/// The block the admin fills in and sends back (DESIGN.md, "The reply block").
///
/// The labels are the Microsoft Entra admin center's own ("Directory (tenant) ID",
/// "Application (client) ID" on an app registration's Overview page;
/// https://learn.microsoft.com/entra/identity-platform/quickstart-register-app).
public enum ReplyBlock {
    public static let beginMarker = "----- BEGIN SPCONNECT REPLY -----"
    public static let endMarker = "----- END SPCONNECT REPLY -----"
    public static let tenantLabel = "Directory (tenant) ID"
    public static let clientLabel = "Application (client) ID"
    public static let thumbprintLabel = "Certificate thumbprint"

    /// The block for `requestID` with the given values (empty for the admin to fill in).
    public static func text(requestID: String, tenantID: String = "", clientID: String = "", thumbprint: String = "") -> String {
        [
            beginMarker,
            "Request: \(requestID)",
            "\(tenantLabel): \(tenantID)",
            "\(clientLabel): \(clientID)",
            "\(thumbprintLabel): \(thumbprint)",
            endMarker,
        ].joined(separator: "\n")
    }
}
