import Domain
import OpenSSLSupport

extension RequestID {
    /// A new random ID, its 40 bits from the CSPRNG.
    public static func generate() throws(VaultError) -> String {
        spelled(by: try VaultError.crypto(RandomBytes.make(5)))
    }
}
