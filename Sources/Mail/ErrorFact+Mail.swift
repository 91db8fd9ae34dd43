import Common

extension ErrorFact {
    /// The rule that refused a value or the stage that failed, when one code of the `mail`
    /// domain has several next steps (`noAt`, `nonASCII`, `starttlsMissing`…); the values
    /// are listed where they are thrown.
    public static let mailCheck = ErrorFact("check")
    /// The SMTP user name of the settings (never the password).
    public static let username = ErrorFact("username")
    /// How a login was made: `password` (PLAIN or LOGIN) or `token` (XOAUTH2 or OAUTHBEARER).
    public static let credential = ErrorFact("credential")
    /// The SASL mechanism a login used or would have used (`XOAUTH2`, `PLAIN`…).
    public static let mechanism = ErrorFact("mechanism")
    /// The enhanced status code of the server's reply (RFC 3463), such as `5.7.139`.
    public static let enhancedCode = ErrorFact("enhancedCode")
}
