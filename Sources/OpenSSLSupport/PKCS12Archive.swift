internal import COpenSSL
internal import COpenSSLShims
import Common

/// PKCS#12 (`.pfx`) archives: a certificate and its private key in one file.
///
/// Written with AES-256-CBC under PBES2/PBKDF2 for both bags and an HMAC-SHA-256 MAC,
/// the form OpenSSL 3 writes by default and that PnP PowerShell and .NET read.
/// Iterations: ``bagIterations`` of PBKDF2-HMAC-SHA256 for each encrypted bag and
/// ``iterations`` for the MAC's key derivation. A password guess costs about the same
/// through either (PBKDF2 runs two hash compressions an iteration, the MAC's KDF one), so
/// neither is the cheaper way in; .NET refuses files whose iterations add up to more than
/// 600,000, and these add up to 40,000.
package enum PKCS12Archive {
    /// Iterations of the MAC's key derivation.
    package static let iterations: Int32 = 20_000
    /// PBKDF2 iterations for each encrypted bag (and for the encrypted PKCS#8 key file).
    package static let bagIterations: Int32 = 10_000

    /// Builds the archive.
    ///
    /// - Parameters:
    ///   - password: the archive's password; `nil` writes the bags unencrypted with an
    ///     empty-password MAC (only for `--insecure-no-key-password`).
    ///   - friendlyName: the name Windows shows for the entry.
    package static func make(certificate: X509Certificate, key: RSAPrivateKey, password: SecretBytes?, friendlyName: String) throws(CertificateError) -> SecretBytes {
        OpenSSLErrorQueue.clear()
        let encryption: Int32 = password == nil ? -1 : NID_aes_256_cbc
        let archive: OpaquePointer? = withPassword(password) { text, count in
            guard let p12 = PKCS12_create(text, friendlyName, key.pointer, certificate.pointer, nil,
                                          encryption, encryption, bagIterations, -1, 0) else { return nil }
            guard PKCS12_set_mac(p12, text, Int32(count), nil, 0, iterations, EVP_sha256()) == 1 else {
                PKCS12_free(p12)
                return nil
            }
            return p12
        }
        guard let archive else { throw .openSSL("cannot build the PKCS#12 archive") }
        defer { PKCS12_free(archive) }
        let bio = try MemoryBIO()
        defer { bio.wipe() }
        guard i2d_PKCS12_bio(bio.pointer, archive) == 1 else { throw .openSSL("cannot encode the PKCS#12 archive") }
        return SecretBytes(bio.bytes)
    }

    /// Whether `bytes` parse as a PKCS#12 archive at all (no password needed).
    package static func looksLikeArchive(_ bytes: [UInt8]) -> Bool {
        defer { OpenSSLErrorQueue.clear() }
        guard let archive = parse(bytes) else { return false }
        PKCS12_free(archive)
        return true
    }

    /// Opens an archive and returns its certificate and private key.
    package static func read(_ bytes: [UInt8], password: SecretBytes?) throws(CertificateError) -> (certificate: X509Certificate, key: RSAPrivateKey?) {
        OpenSSLErrorQueue.clear()
        guard let archive = parse(bytes) else {
            if DERLength.isTruncated(bytes) {
                OpenSSLErrorQueue.clear()
                throw CertificateError(.truncated, "the PKCS#12 file is truncated", facts: CertificateFile.pkcs12.facts)
            }
            throw .openSSL("not a PKCS#12 archive", code: .unknownFormat)
        }
        defer { PKCS12_free(archive) }
        let macOK: Bool = withPassword(password) { text, count in
            PKCS12_mac_present(archive) == 0 || PKCS12_verify_mac(archive, text, Int32(count)) == 1
        }
        guard macOK else {
            OpenSSLErrorQueue.clear()
            if password == nil {
                throw CertificateError(.passwordRequired, "the PKCS#12 file needs a password", facts: CertificateFile.pkcs12.facts)
            }
            throw CertificateError(.wrongPassword, "the PKCS#12 password is wrong", facts: CertificateFile.pkcs12.facts)
        }
        var keyPointer: OpaquePointer?
        var certificatePointer: OpaquePointer?
        var chain: OpaquePointer?
        let parsed: Int32 = withPassword(password) { text, _ in
            PKCS12_parse(archive, text, &keyPointer, &certificatePointer, &chain)
        }
        if let chain { spc_sk_x509_pop_free(UnsafeMutableRawPointer(chain)) }
        let key = keyPointer.map { RSAPrivateKey(owning: $0) }
        guard parsed == 1, let certificatePointer else {
            throw .openSSL("the PKCS#12 archive holds no readable certificate", code: .unreadable)
        }
        return (X509Certificate(owning: certificatePointer), key)
    }

    private static func parse(_ bytes: [UInt8]) -> OpaquePointer? {
        bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
    }

    private static func withPassword<R>(_ password: SecretBytes?, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
        if let password { return password.withCString(body) }
        return "".withCString { body($0, 0) }
    }
}
