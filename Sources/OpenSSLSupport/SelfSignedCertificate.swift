#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import COpenSSL
import Common
import Domain

/// Makes the self-signed certificate an admin uploads to an Entra app registration.
///
/// X.509 v3, sha256WithRSAEncryption, a positive 20-byte serial from the CSPRNG (so
/// every certificate is unique), notBefore five minutes in the past for clock skew,
/// and the extensions of a TLS-client end-entity certificate:
/// basicConstraints CA:FALSE (critical), keyUsage digitalSignature (critical),
/// extendedKeyUsage clientAuth, subjectKeyIdentifier, authorityKeyIdentifier.
package enum SelfSignedCertificate {
    /// How far notBefore is set back from now, for clocks that run slow.
    package static let clockSkew: TimeInterval = 5 * 60
    /// Microsoft Graph refuses key credentials valid for more than this many days through its API.
    package static let graphMaximumDays = 365
    /// The longest validity spconnect will write.
    package static let maximumDays = 3650
    /// RFC 5280's upper bound for a common name (``Domain/NameRule/maximumLength``).
    package static let maximumCommonNameLength = NameRule.maximumLength

    /// Makes and signs the certificate.
    ///
    /// - Parameters:
    ///   - commonName: the subject CN, 1 to 64 characters, no control characters.
    ///   - key: the RSA key whose public half the certificate carries and that signs it.
    ///   - days: validity in days from notBefore, 1 to 3650.
    ///   - now: the current time (tests pass a fixed one).
    package static func make(commonName: String, key: RSAPrivateKey, days: Int, now: Date = Date()) throws(CertificateError) -> X509Certificate {
        try validate(commonName: commonName)
        guard days >= 1, days <= maximumDays else {
            throw CertificateError(.invalidValidity, "validity of \(days) days is not allowed")
        }
        guard let certificate = X509_new() else { throw .openSSL("cannot allocate a certificate") }
        let result = X509Certificate(owning: certificate)

        let serial = try RandomBytes.make(20)
        var serialBytes = serial
        serialBytes[0] = (serialBytes[0] & 0x7F) | 0x40   // positive, and exactly 20 bytes
        guard let number = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else { throw .openSSL("cannot make the serial number") }
        defer { BN_free(number) }
        guard let asn1Serial = BN_to_ASN1_INTEGER(number, nil) else { throw .openSSL("cannot make the serial number") }
        defer { ASN1_INTEGER_free(asn1Serial) }

        let start = time_t(now.timeIntervalSince1970 - clockSkew)
        let end = start + time_t(days) * 86_400
        guard X509_set_version(certificate, 2) == 1,
              X509_set_serialNumber(certificate, asn1Serial) == 1,
              ASN1_TIME_set(X509_getm_notBefore(certificate), start) != nil,
              ASN1_TIME_set(X509_getm_notAfter(certificate), end) != nil,
              X509_set_pubkey(certificate, key.pointer) == 1 else {
            throw .openSSL("cannot fill in the certificate")
        }

        guard let name = X509_NAME_new() else { throw .openSSL("cannot allocate a name") }
        defer { X509_NAME_free(name) }
        let utf8 = Array(commonName.utf8)
        guard X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8, utf8, Int32(utf8.count), -1, 0) == 1,
              X509_set_subject_name(certificate, name) == 1,
              X509_set_issuer_name(certificate, name) == 1 else {
            throw .openSSL("cannot set the subject name")
        }

        // subjectKeyIdentifier must come before authorityKeyIdentifier, which copies it.
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "clientAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        for (nid, value) in extensions {
            var context = X509V3_CTX()
            X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw .openSSL("cannot make the \(String(cString: OBJ_nid2ln(nid))) extension")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(certificate, ext, -1) == 1 else { throw .openSSL("cannot add an extension") }
        }

        guard X509_sign(certificate, key.pointer, EVP_sha256()) > 0 else { throw .openSSL("cannot sign the certificate") }
        return result
    }

    /// Checks a name for use as the CN and as a file name: the one ``Domain/NameRule``.
    package static func validate(commonName: String) throws(CertificateError) {
        guard let violation = NameRule.violation(in: commonName) else { return }
        throw CertificateError(.invalidName, violation.detail(subject: "the name"))
    }
}
