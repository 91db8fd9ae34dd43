import Common
import Vault

/// The scrypt cost for a new lock: calibrated to about 250 ms, unless
/// `SPCONNECT_SCRYPT_LOGN` asks for a fixed cost (tests, slow machines). Values below
/// RFC 7914's interactive minimum (14) or above 20 are ignored.
public enum ScryptCost {
    /// The fixed cost asked for in `variables`, if any and in bounds.
    public static func asked(in variables: EnvironmentVariables) -> ScryptParameters? {
        guard let text = variables.text("SPCONNECT_SCRYPT_LOGN"), let logN = Int(text),
              (ScryptParameters.minimumLogN...ScryptParameters.maximumLogN).contains(logN) else { return nil }
        return ScryptParameters(logN: logN)
    }
}
