import Common
internal import COpenSSL

/// SHA-256 through OpenSSL (for fingerprints of public values: the store key, a home path).
package enum SHA256 {
    /// The 32-byte digest of `bytes`.
    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &output, &length, EVP_sha256(), nil) }
        return output
    }

    /// The digest of `bytes` in lower-case hex.
    package static func hex(_ bytes: [UInt8]) -> String {
        Hex.upper(digest(bytes)).lowercased()
    }
}
