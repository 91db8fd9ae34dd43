#if canImport(Glibc)
import Glibc
#endif
import Vault

/// The scrypt cost for a new lock: calibrated to about 250 ms, unless
/// `SPCONNECT_SCRYPT_LOGN` asks for a fixed cost (tests, slow machines). Values below
/// RFC 7914's interactive minimum (14) or above 20 are ignored.
public enum ScryptCost {
    /// The fixed cost asked for in the environment, if any and in bounds.
    public static var fromEnvironment: ScryptParameters? {
        guard let text = getenv("SPCONNECT_SCRYPT_LOGN").map({ String(cString: $0) }), let logN = Int(text),
              (ScryptParameters.minimumLogN...ScryptParameters.maximumLogN).contains(logN) else { return nil }
        return ScryptParameters(logN: logN)
    }
}
