import Common
internal import COpenSSL

/// SHA-256 through OpenSSL (for fingerprints of public values: the store key, a home path).
package enum SHA256 {
    /// The 32-byte digest of `bytes`.
    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        evpDigest(bytes, size: 32, EVP_sha256())
    }

    /// The `size`-byte digest of `bytes` with OpenSSL's one-shot `EVP_Digest` (SHA1 uses it too).
    static func evpDigest(_ bytes: [UInt8], size: Int, _ algorithm: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &output, &length, algorithm, nil) }
        return output
    }

    /// The digest of `bytes` in lower-case hex.
    package static func hex(_ bytes: [UInt8]) -> String {
        Hex.upper(digest(bytes)).lowercased()
    }
}
