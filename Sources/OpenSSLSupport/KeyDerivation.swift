#if canImport(Glibc)
import Glibc
#endif
internal import COpenSSL
import Common

/// HKDF-SHA256 (RFC 5869) and scrypt (RFC 7914) through OpenSSL.
package enum KeyDerivation {
    /// HKDF-SHA256 extract-and-expand to `length` bytes.
    package static func hkdfSHA256(secret: SecretBytes, salt: [UInt8], info: [UInt8], length: Int = 32) throws(CertificateError) -> SecretBytes {
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else { throw .openSSL("HKDF is not available") }
        defer { EVP_KDF_free(kdf) }
        guard let context = EVP_KDF_CTX_new(kdf) else { throw .openSSL("cannot create an HKDF context") }
        defer { EVP_KDF_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: length)
        defer { output.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        var salt = salt
        var info = info
        var digest = Array("SHA256".utf8CString)
        // OSSL_PARAM keeps pointers to its key names: they must outlive the derive call.
        let names: [UnsafeMutablePointer<CChar>] = ["digest", "key", "salt", "info"].map { (name: String) in strdup(name)! }
        defer { names.forEach { free($0) } }
        let ok: Int32 = secret.withUnsafeBytes { ikm in
            // OpenSSL only reads the key; it is passed in place, not copied.
            let ikmBuffer = UnsafeMutableRawBufferPointer(mutating: ikm)
            return digest.withUnsafeMutableBufferPointer { digestBuffer in
                salt.withUnsafeMutableBytes { saltBuffer in
                    info.withUnsafeMutableBytes { infoBuffer in
                        var parameters = [
                            OSSL_PARAM_construct_utf8_string(names[0], digestBuffer.baseAddress, 0),
                            OSSL_PARAM_construct_octet_string(names[1], ikmBuffer.baseAddress, ikmBuffer.count),
                            OSSL_PARAM_construct_octet_string(names[2], saltBuffer.baseAddress, saltBuffer.count),
                            OSSL_PARAM_construct_octet_string(names[3], infoBuffer.baseAddress, infoBuffer.count),
                            OSSL_PARAM_construct_end(),
                        ]
                        return EVP_KDF_derive(context, &output, output.count, &parameters)
                    }
                }
            }
        }
        guard ok == 1 else { throw .openSSL("HKDF failed") }
        return SecretBytes(output)
    }

    /// scrypt with N = 2^logN, block size r and parallelism p, to `length` bytes.
    ///
    /// OpenSSL is allowed the 128 × r × N bytes the parameters need, and 16 MiB more.
    package static func scrypt(passphrase: SecretBytes, salt: [UInt8], logN: Int, r: Int, p: Int, length: Int = 32) throws(CertificateError) -> SecretBytes {
        let memoryBytes = 128 * UInt64(r) << UInt64(logN)
        var output = [UInt8](repeating: 0, count: length)
        defer { output.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        let ok: Int32 = passphrase.withUnsafeBytes { pass in
            EVP_PBE_scrypt(pass.baseAddress?.assumingMemoryBound(to: CChar.self), pass.count, salt, salt.count,
                           UInt64(1) << UInt64(logN), UInt64(r), UInt64(p),
                           memoryBytes + (16 << 20), &output, length)
        }
        guard ok == 1 else { throw .openSSL("scrypt failed") }
        return SecretBytes(output)
    }
}
