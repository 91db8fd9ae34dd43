internal import COpenSSL
import Common

/// AES-256-GCM with a 96-bit nonce and a 128-bit tag, through OpenSSL's EVP interface.
package enum AESGCM {
    /// The key's size in bytes (AES-256).
    package static let keySize = 32
    /// The nonce's size in bytes (96 bits).
    package static let nonceSize = 12
    /// The tag's size in bytes (128 bits).
    package static let tagSize = 16

    /// Encrypts `plaintext`; returns ciphertext followed by the tag.
    package static func seal(_ plaintext: SecretBytes, key: SecretBytes, nonce: [UInt8], aad: [UInt8]) throws(CertificateError) -> [UInt8] {
        precondition(key.count == keySize && nonce.count == nonceSize)
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("cannot allocate a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: plaintext.count + tagSize)
        var length: Int32 = 0
        let ok: Bool = key.withUnsafeBytes { keyBytes in
            plaintext.withUnsafeBytes { plain in
                guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce) == 1,
                      EVP_EncryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1 else { return false }
                var produced = 0
                if plain.count > 0 {
                    guard EVP_EncryptUpdate(context, &output, &length, plain.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(plain.count)) == 1 else { return false }
                    produced = Int(length)
                }
                let finalOK = output.withUnsafeMutableBufferPointer { buffer in
                    EVP_EncryptFinal_ex(context, buffer.baseAddress! + produced, &length) == 1
                }
                guard finalOK else { return false }
                return output.withUnsafeMutableBufferPointer { buffer in
                    EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), buffer.baseAddress! + plain.count) == 1
                }
            }
        }
        guard ok else { throw .openSSL("AES-256-GCM encryption failed") }
        return output
    }

    /// Decrypts and authenticates `sealed` (ciphertext followed by the tag).
    ///
    /// Returns nil when authentication fails; no byte of unauthenticated plaintext is ever returned.
    package static func open(_ sealed: ArraySlice<UInt8>, key: SecretBytes, nonce: [UInt8], aad: [UInt8]) throws(CertificateError) -> SecretBytes? {
        precondition(key.count == keySize && nonce.count == nonceSize)
        guard sealed.count >= tagSize else { return nil }
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("cannot allocate a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        let ciphertext = Array(sealed.dropLast(tagSize))
        var tag = Array(sealed.suffix(tagSize))
        var plain = [UInt8](repeating: 0, count: ciphertext.count + 16)
        defer { plain.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        var length: Int32 = 0
        var produced = 0
        let ok: Bool = key.withUnsafeBytes { keyBytes in
            guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce) == 1,
                  EVP_DecryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1 else { return false }
            if !ciphertext.isEmpty {
                guard EVP_DecryptUpdate(context, &plain, &length, ciphertext, Int32(ciphertext.count)) == 1 else { return false }
                produced = Int(length)
            }
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag) == 1 else { return false }
            return plain.withUnsafeMutableBufferPointer { buffer in
                EVP_DecryptFinal_ex(context, buffer.baseAddress! + produced, &length) == 1
            }
        }
        OpenSSLErrorQueue.clear()
        guard ok else { return nil }
        return SecretBytes(plain[0..<produced])
    }
}
