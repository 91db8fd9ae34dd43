internal import COpenSSL
import Common

/// Bytes from OpenSSL's CSPRNG.
package enum RandomBytes {
    /// `count` random bytes.
    package static func make(_ count: Int) throws(CertificateError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw .openSSL("the random generator failed") }
        return bytes
    }

    /// A random (version 4) GUID in its canonical lower-case form.
    package static func guid() throws(CertificateError) -> String {
        var bytes = try make(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let h = Array(Hex.upper(bytes).lowercased())
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
