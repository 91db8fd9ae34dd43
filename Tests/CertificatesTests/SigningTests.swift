// PS256 and RS256 signatures, checked by the openssl command line rather than by our code.
import OpenSSLSupport
import Foundation
import Testing
import TestSupport

@Suite("JWT signatures (PS256, RS256)")
struct SigningTests {
    /// Runs `openssl ARGS…` in `folder`; returns its exit status and output.
    func openssl(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let run = Subprocess.run("openssl", arguments, cwd: folder.path, combineOutput: true)
        return (run.status, run.stdout)
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spconnect-signing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes the message, the signature and the certificate's public key, and asks openssl to verify.
    func opensslVerifies(_ signature: [UInt8], of message: [UInt8], options: [String]) throws -> Bool {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(message).write(to: dir.appendingPathComponent("message"))
        try Data(signature).write(to: dir.appendingPathComponent("signature"))
        try Data(try Shared.certificate().pem).write(to: dir.appendingPathComponent("cert.pem"))
        let key = try openssl(["x509", "-in", "cert.pem", "-pubkey", "-noout", "-out", "pub.pem"], in: dir)
        try #require(key.status == 0, "\(key.output)")
        let result = try openssl(["dgst", "-sha256"] + options + ["-verify", "pub.pem", "-signature", "signature", "message"], in: dir)
        return result.status == 0 && result.output.contains("Verified OK")
    }

    static let pss = ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256"]

    @Test func ps256IsRSASSAPSSWithA32ByteSaltAndVerifiesInOpenSSL() throws {
        let message = Array("header.claims".utf8)
        let signature = try Shared.key.sign(message, scheme: .ps256)
        #expect(signature.count == 256)
        #expect(try opensslVerifies(signature, of: message, options: Self.pss))
        // Not a PKCS#1 v1.5 signature, and not one with another salt length.
        #expect(try !opensslVerifies(signature, of: message, options: []))
        #expect(try !opensslVerifies(signature, of: message, options: ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:20"]))
        // PSS is randomised: a second signature differs, and verifies too.
        let again = try Shared.key.sign(message, scheme: .ps256)
        #expect(again != signature)
        #expect(try opensslVerifies(again, of: message, options: Self.pss))
    }

    @Test func rs256IsDeterministicPKCS1AndVerifiesInOpenSSL() throws {
        let message = Array("header.claims".utf8)
        let signature = try Shared.key.sign(message, scheme: .rs256)
        #expect(signature == (try Shared.key.sign(message, scheme: .rs256)))
        #expect(try opensslVerifies(signature, of: message, options: []))
        #expect(try !opensslVerifies(signature, of: message, options: Self.pss))
        #expect(try !opensslVerifies(signature, of: Array("header.claimz".utf8), options: []))
    }

    @Test func schemesNameTheirJOSEAlgorithm() {
        #expect(SignatureScheme.ps256.joseAlgorithm == "PS256")
        #expect(SignatureScheme.rs256.joseAlgorithm == "RS256")
    }
}
