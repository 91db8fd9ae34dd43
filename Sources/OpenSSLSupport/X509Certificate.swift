#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
internal import COpenSSL
import Common

/// An X.509 certificate held by OpenSSL (an owned `X509`).
package final class X509Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    /// Reads a DER-encoded certificate; every byte must belong to it.
    package convenience init(der: [UInt8]) throws(CertificateError) {
        OpenSSLErrorQueue.clear()
        var consumed = 0
        let certificate: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            let parsed = d2i_X509(nil, &cursor, buffer.count)
            consumed = cursor.map { $0 - base } ?? 0
            return parsed
        }
        guard let certificate else {
            if DERLength.isTruncated(der) {
                OpenSSLErrorQueue.clear()
                let declared = DERLength.declaredLength(of: der).map { "DER says \($0) bytes, " } ?? ""
                throw CertificateError(.truncated, "the certificate is truncated (\(declared)the file has \(der.count))",
                                       facts: CertificateFile.der.facts)
            }
            throw .openSSL("not a DER certificate", code: .unknownFormat)
        }
        self.init(owning: certificate)
        guard consumed == der.count else {
            throw CertificateError(.unknownFormat, "\(der.count - consumed) unexpected bytes after the certificate")
        }
    }

    /// Reads the first PEM certificate (`-----BEGIN CERTIFICATE-----`) in `pem`.
    package convenience init(pem: [UInt8]) throws(CertificateError) {
        let bio = try MemoryBIO(pem)
        OpenSSLErrorQueue.clear()
        guard let certificate = PEM_read_bio_X509(bio.pointer, nil, nil, nil) else {
            let detail = pem.containsASCII("-----BEGIN CERTIFICATE-----") && !pem.containsASCII("-----END CERTIFICATE-----")
                ? "the PEM certificate is truncated" : "no PEM certificate found"
            throw .openSSL(detail, code: detail.contains("truncated") ? .truncated : .unknownFormat)
        }
        self.init(owning: certificate)
    }

    /// The DER encoding: what the Entra portal's *Upload certificate* takes as a `.cer`.
    package var der: [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        let count = i2d_X509(pointer, &output)
        guard count > 0, let output else { return [] }
        defer { CRYPTO_free(output, #file, #line) }
        return Array(UnsafeBufferPointer(start: output, count: Int(count)))
    }

    /// The PEM encoding.
    package var pem: [UInt8] {
        guard let bio = try? MemoryBIO(), PEM_write_bio_X509(bio.pointer, pointer) == 1 else { return [] }
        return bio.bytes
    }

    /// The subject, one line, RFC 2253 style (`CN=…`).
    package var subject: String { Self.render(X509_get_subject_name(pointer)) }

    /// The issuer, one line, RFC 2253 style.
    package var issuer: String { Self.render(X509_get_issuer_name(pointer)) }

    /// The serial number in upper-case hex, colon-separated (as `openssl x509 -serial` groups it).
    package var serialHex: String { Hex.colons(serialBytes) }

    /// The serial number's bytes, big-endian, without a sign byte.
    package var serialBytes: [UInt8] {
        guard let serial = X509_get0_serialNumber(pointer),
              let number = ASN1_INTEGER_to_BN(serial, nil) else { return [] }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
        BN_bn2bin(number, &bytes)
        return bytes
    }

    /// The X.509 version as people count it (3 for v3).
    package var version: Int { Int(X509_get_version(pointer)) + 1 }

    /// Start of validity.
    package var notBefore: Date { Self.date(X509_get0_notBefore(pointer)) }

    /// End of validity.
    package var notAfter: Date { Self.date(X509_get0_notAfter(pointer)) }

    /// The public key's size in bits.
    package var keyBits: Int {
        guard let key = X509_get0_pubkey(pointer) else { return 0 }
        return Int(EVP_PKEY_get_bits(key))
    }

    /// Whether the public key is RSA.
    package var isRSA: Bool {
        guard let key = X509_get0_pubkey(pointer) else { return false }
        return EVP_PKEY_is_a(key, "RSA") == 1
    }

    /// The signature algorithm's OpenSSL long name (`sha256WithRSAEncryption`).
    package var signatureAlgorithm: String {
        let nid = X509_get_signature_nid(pointer)
        return String(cString: OBJ_nid2ln(nid))
    }

    /// Digest of the DER encoding: `sha1` gives the thumbprint Entra shows.
    func digest(_ algorithm: OpaquePointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, algorithm, &output, &length) == 1 else { return [] }
        return Array(output.prefix(Int(length)))
    }

    /// The certificate's thumbprints in every form spconnect shows.
    package var fingerprints: CertificateFingerprints {
        CertificateFingerprints(sha1: digest(EVP_sha1()), sha256: digest(EVP_sha256()))
    }

    /// Whether `key` is the private half of this certificate's public key.
    package func matches(_ key: RSAPrivateKey) -> Bool {
        defer { OpenSSLErrorQueue.clear() }
        return X509_check_private_key(pointer, key.pointer) == 1
    }

    /// "CN=…, O=…" from the name's entries, values decoded to UTF-8.
    private static func render(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        var parts: [String] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry))
            let label = nid == NID_undef ? "?" : String(decoding: Array(UnsafeBufferPointer(start: OBJ_nid2sn(nid), count: strlen(OBJ_nid2sn(nid)))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            var utf8: UnsafeMutablePointer<UInt8>?
            let count = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry))
            guard count >= 0, let utf8 else { continue }
            defer { CRYPTO_free(utf8, #file, #line) }
            parts.append(label + "=" + String(decoding: UnsafeBufferPointer(start: utf8, count: Int(count)), as: UTF8.self))
        }
        return parts.joined(separator: ", ")
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
