internal import COpenSSL
import Common

extension RSAPrivateKey {
    /// Signs `message` with SHA-256 under `scheme`, through `EVP_DigestSign`.
    ///
    /// - `.ps256`: RSASSA-PSS, MGF1 with SHA-256, salt length 32 (the digest's length), as
    ///   RFC 7518 §3.5 requires for `PS256`. PSS signatures are randomised: two signatures
    ///   of one message differ, and both verify.
    /// - `.rs256`: RSASSA-PKCS1-v1_5 (deterministic).
    ///
    /// - Returns: the signature, as long as the key's modulus.
    package func sign(_ message: [UInt8], scheme: SignatureScheme) throws(CertificateError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        guard let context = EVP_MD_CTX_new() else { throw .openSSL("cannot create a signing context") }
        defer { EVP_MD_CTX_free(context) }
        // The key context belongs to `context` and is freed with it.
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, pointer) == 1, let keyContext else {
            throw .openSSL("cannot start an RSA-SHA-256 signature")
        }
        switch scheme {
        case .ps256:
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                  EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, EVP_sha256()) == 1,
                  EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) == 1 else {
                throw .openSSL("cannot set RSASSA-PSS parameters")
            }
        case .rs256:
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1 else {
                throw .openSSL("cannot set RSASSA-PKCS1-v1_5 padding")
            }
        }
        var length = 0
        let sized = message.withUnsafeBufferPointer { EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) }
        guard sized == 1, length > 0 else { throw .openSSL("cannot size the signature") }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = message.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer { EVP_DigestSign(context, $0.baseAddress, &length, input.baseAddress, input.count) }
        }
        guard signed == 1 else { throw .openSSL("the RSA signature failed") }
        return Array(signature.prefix(length))
    }
}
