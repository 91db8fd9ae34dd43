import Domain

extension RequestID {
    /// A new random ID, its 40 bits from the CSPRNG.
    public static func generate() throws(VaultError) -> String {
        spelled(by: try SecretSealer.randomBytes(5))
    }
}
