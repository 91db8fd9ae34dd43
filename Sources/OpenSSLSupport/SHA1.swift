internal import COpenSSL

/// SHA-1 through OpenSSL, for identifiers of public values only (a certificate's thumbprint,
/// which Entra and JOSE name by its SHA-1); never for anything that must resist collisions alone.
package enum SHA1 {
    /// The 20-byte digest of `bytes`.
    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &output, &length, EVP_sha1(), nil) }
        return output
    }
}
