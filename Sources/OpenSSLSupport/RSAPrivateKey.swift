#if canImport(Glibc)
import Glibc
#endif
internal import COpenSSL
import Common
import Dispatch

/// An RSA private key held by OpenSSL (an owned `EVP_PKEY`).
///
/// Entra ID accepts only RSA keys for certificate credentials, so this is the one
/// key type spconnect makes or loads. The key never leaves this object except
/// through ``pkcs8PEM(password:)``, ``pkcs8DER()`` or a PKCS#12 archive.
package final class RSAPrivateKey: @unchecked Sendable {
    /// Key sizes spconnect offers. 1024 and below are refused.
    package static let allowedSizes = [2048, 3072, 4096]

    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// Generates a new key of `bits` bits from OpenSSL's CSPRNG.
    ///
    /// The search for primes takes a random time (a 3072-bit key: from a fifth to three
    /// times its median). With more than one core, two searches run at once and the first
    /// key found is kept; the other search is stopped through OpenSSL's generation callback.
    /// Both draw from the same CSPRNG, so the key is as random as one search would make it.
    package static func generate(bits: Int) throws(CertificateError) -> RSAPrivateKey {
        guard allowedSizes.contains(bits) else {
            throw CertificateError(.invalidKeySize, "key size \(bits) is not allowed")
        }
        let searches = min(2, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let race = KeyRace()
        if searches == 1 {
            race.run(bits: bits)
        } else {
            DispatchQueue.concurrentPerform(iterations: searches) { _ in race.run(bits: bits) }
        }
        guard let key = race.winner() else {
            throw CertificateError(.keyGenerationFailed, "RSA key generation failed", cause: .openSSL(race.errors()))
        }
        return RSAPrivateKey(owning: key)
    }

    /// Reads a PEM private key (PKCS#8, encrypted PKCS#8 or traditional RSA PEM).
    ///
    /// - Parameters:
    ///   - pem: the file's bytes.
    ///   - password: the key's password, when it is encrypted.
    /// - Throws: ``ErrorCode/passwordRequired`` when the key is encrypted and
    ///   no password was given, ``ErrorCode/wrongPassword`` when it does not
    ///   open, ``ErrorCode/notRSAKey`` for any other key type.
    package convenience init(pem: [UInt8], password: SecretBytes?) throws(CertificateError) {
        let encrypted = pem.containsASCII("ENCRYPTED")
        if encrypted && password == nil {
            throw CertificateError(.passwordRequired, "the key is encrypted and no password was given", facts: CertificateFile.key.facts)
        }
        OpenSSLErrorQueue.clear()
        let key = Self.readPEM(pem, password: password)
        guard let key else {
            if encrypted {
                throw .openSSL("the key's password is wrong", code: .wrongPassword, facts: CertificateFile.key.facts)
            }
            throw .openSSL("not a PEM private key", code: .unknownFormat, facts: CertificateFile.key.facts)
        }
        self.init(owning: key)
        guard EVP_PKEY_is_a(key, "RSA") == 1 else {
            throw CertificateError(.notRSAKey, "the key is not an RSA key")
        }
        guard bits >= 2048 else {
            throw CertificateError(.keyTooSmall, "the RSA key has \(bits) bits; at least 2048 are needed")
        }
    }

    /// Reads a PEM key through a read-only BIO over the caller's bytes, inside their
    /// lifetime: the (possibly unencrypted) key is not copied. An empty passphrase stands in
    /// for none, so OpenSSL never prompts on the terminal by itself.
    private static func readPEM(_ pem: [UInt8], password: SecretBytes?) -> OpaquePointer? {
        pem.withUnsafeBytes { raw -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            if let password {
                return password.withCString { text, _ in PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: text)) }
            }
            return "".withCString { PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: $0)) }
        }
    }

    /// The key's size in bits.
    package var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// The key as PKCS#8 PEM: encrypted with AES-256-CBC under PBES2/PBKDF2-HMAC-SHA256 with
    /// ``PKCS12Archive/bagIterations`` iterations when a password is given
    /// (an encrypted PKCS#8 PEM block), plain otherwise. (OpenSSL's own PEM writer
    /// uses 2,048 iterations, which would make this file the cheap way to guess a password
    /// it shares with the PFX.)
    package func pkcs8PEM(password: SecretBytes?) throws(CertificateError) -> SecretBytes {
        let bio = try MemoryBIO()
        defer { bio.wipe() }
        guard let password else {
            guard PEM_write_bio_PKCS8PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
                throw .openSSL("cannot encode the private key")
            }
            return SecretBytes(bio.bytes)
        }
        guard let info = EVP_PKEY2PKCS8(pointer) else { throw .openSSL("cannot encode the private key") }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        let encrypted: OpaquePointer? = password.withCString { text, count in
            PKCS8_encrypt(-1, EVP_aes_256_cbc(), text, Int32(count), nil, 0, PKCS12Archive.bagIterations, info)
        }
        guard let encrypted else { throw .openSSL("cannot encrypt the private key") }
        defer { X509_SIG_free(encrypted) }
        guard PEM_write_bio_PKCS8(bio.pointer, encrypted) == 1 else { throw .openSSL("cannot encode the private key") }
        return SecretBytes(bio.bytes)
    }

    /// The unencrypted PKCS#8 DER encoding, for sealing into the store.
    package func pkcs8DER() throws(CertificateError) -> SecretBytes {
        let bio = try MemoryBIO()
        defer { bio.wipe() }
        guard i2d_PKCS8PrivateKey_bio(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw .openSSL("cannot encode the private key")
        }
        return SecretBytes(bio.bytes)
    }

    /// Reads an unencrypted PKCS#8 DER key (the form ``pkcs8DER()`` writes).
    package convenience init(pkcs8DER der: SecretBytes) throws(CertificateError) {
        let key: OpaquePointer? = der.withUnsafeBytes { raw in
            var cursor = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return d2i_AutoPrivateKey(nil, &cursor, raw.count)
        }
        guard let key else { throw .openSSL("not a PKCS#8 private key", code: .unknownFormat) }
        self.init(owning: key)
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes contain `needle` as ASCII.
    func containsASCII(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, count >= pattern.count else { return false }
        for start in 0...(count - pattern.count) where self[start] == pattern[0] {
            if Array(self[start..<start + pattern.count]) == pattern { return true }
        }
        return false
    }
}
