internal import COpenSSL

/// SHA-1 through OpenSSL, for identifiers of public values only (a certificate's thumbprint,
/// which Entra and JOSE name by its SHA-1); never for anything that must resist collisions alone.
package enum SHA1 {
    /// The 20-byte digest of `bytes`.
    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        SHA256.evpDigest(bytes, size: 20, EVP_sha1())
    }
}
