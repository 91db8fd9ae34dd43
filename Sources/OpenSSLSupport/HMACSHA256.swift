import Common
internal import COpenSSL

/// HMAC-SHA256 (RFC 2104) through OpenSSL, beside ``SHA256``: the record MACs of the store.
package enum HMACSHA256 {
    /// The length of a MAC, in bytes.
    package static let size = 32

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    package static func mac(key: SecretBytes, message: [UInt8]) throws(CertificateError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var length = 0
        let ok = key.withUnsafeBytes { secret in
            message.withUnsafeBytes { data in
                EVP_Q_mac(nil, "HMAC", nil, "SHA256", nil, secret.baseAddress, secret.count,
                          data.baseAddress, data.count, &output, size, &length) != nil
            }
        }
        guard ok, length == size else { throw .openSSL("HMAC-SHA256 failed") }
        return output
    }

    /// Whether two MACs are equal, compared in constant time.
    package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }
}
