import Common

extension ErrorFact {
    /// The rule that refused a value, when one code has several (``ErrorCode/invalidValue``:
    /// `scheme`, `siteAddress`, `sharingLink`…); the values are listed where they are thrown.
    public static let check = ErrorFact("check")
    /// The Application (client) ID of an app registration.
    public static let clientID = ErrorFact("clientID")
    /// The app registration's display name.
    public static let displayName = ErrorFact("displayName")
    /// The Directory (tenant) ID.
    public static let tenant = ErrorFact("tenant")
    /// A certificate's SHA-1 thumbprint, as the Entra admin center shows it.
    public static let thumbprint = ErrorFact("thumbprint")
    /// The cloud's name (`global`, `usgov`…).
    public static let cloud = ErrorFact("cloud")
    /// What an admin needs to find a request in the sign-in logs (trace ID, correlation ID, time).
    public static let trace = ErrorFact("trace")
    /// A SharePoint site's address.
    public static let site = ErrorFact("site")
    /// The SharePoint permission a site grant gives (`Write`, `Read`…, as PnP names it).
    public static let sitePermission = ErrorFact("sitePermission")
    /// A choice's accepted names, comma separated.
    public static let choices = ErrorFact("choices")
    /// The HTTP status an API answered.
    public static let status = ErrorFact("status")
    /// Microsoft Graph's error code (`Authorization_RequestDenied`…).
    public static let graphCode = ErrorFact("graphCode")
    /// The Graph operation (`addKey`, `removeKey`).
    public static let operation = ErrorFact("operation")
    /// An Azure Key Vault's address (`https://NAME.vault.azure.net`).
    public static let vault = ErrorFact("vault")
    /// A certificate's name in a Key Vault.
    public static let certificateName = ErrorFact("certificateName")
}
