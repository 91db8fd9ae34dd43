import Common

extension ErrorFact {
    /// The rule that refused a value or the stage that failed, when one code of the `mail`
    /// domain has several next steps (`noAt`, `nonASCII`, `starttlsMissing`…); the values
    /// are listed where they are thrown.
    public static let mailCheck = ErrorFact("check")
    /// The SMTP user name of the settings (never the password).
    public static let username = ErrorFact("username")
}
