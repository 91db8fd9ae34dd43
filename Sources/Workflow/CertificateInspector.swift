import Certificates
import OpenSSLSupport
import Common

/// The `cert inspect` use case: reads DER, PEM or PKCS#12 and summarises the certificate.
public enum CertificateInspector {
    /// The kinds of file `cert inspect` recognises.
    public enum Format: String, Sendable {
        case der, pem, pkcs12
    }

    /// Works out what a file holds from its bytes.
    package static func format(of bytes: [UInt8], path: String) throws(CertificateError) -> Format {
        guard !bytes.isEmpty else {
            throw CertificateError(.unknownFormat, "the file is empty", location: path)
        }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.contains("-----BEGIN CERTIFICATE-----") { return .pem }
        if head.contains("-----BEGIN") {
            if head.contains("PRIVATE KEY-----") {
                throw CertificateError(.unknownFormat, "this is a private key, not a certificate", location: path,
                                       facts: CertificateFile.keyNotCertificate.facts)
            }
            throw CertificateError(.unknownFormat, "this PEM file holds no certificate", location: path)
        }
        if bytes[0] == 0x30 {
            return PKCS12Archive.looksLikeArchive(bytes) ? .pkcs12 : .der
        }
        throw CertificateError(.unknownFormat, "not a certificate (neither DER, PEM nor PKCS#12)", location: path,
                               facts: CertificateFile.notCertificate.facts)
    }

    /// Reads the certificate in `bytes`; `password` opens a PKCS#12 file.
    public static func inspect(_ bytes: [UInt8], path: String, password: () throws -> SecretBytes?) throws -> CertificateSummary {
        do {
            switch try format(of: bytes, path: path) {
            case .der:
                return CertificateSummary(try X509Certificate(der: bytes), hasPrivateKey: false)
            case .pem:
                return CertificateSummary(try X509Certificate(pem: bytes), hasPrivateKey: false)
            case .pkcs12:
                let opened = try openArchive(bytes, password: password)
                return CertificateSummary(opened.certificate, hasPrivateKey: opened.key != nil)
            }
        } catch let error as CertificateError where error.code.domain == .certificates {
            throw error.location.isEmpty ? error.at(path) : error
        }
    }

    /// Opens a PKCS#12 file: one written without a password opens with the empty one,
    /// so the password is asked only when needed.
    private static func openArchive(_ bytes: [UInt8], password: () throws -> SecretBytes?) throws -> (certificate: X509Certificate, key: RSAPrivateKey?) {
        do {
            return try PKCS12Archive.read(bytes, password: nil)
        } catch where error.code == .passwordRequired {
            return try PKCS12Archive.read(bytes, password: try password())
        }
    }
}
