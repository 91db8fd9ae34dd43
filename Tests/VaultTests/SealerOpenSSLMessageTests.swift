import Testing
@testable import Vault
import Common
import OpenSSLSupport

/// A failure inside OpenSSL keeps OpenSSL's own messages when Vault rewraps it.
@Suite("Vault keeps OpenSSL's messages")
struct SealerOpenSSLMessageTests {
    /// An ephemeral public key of small order (all zeros, RFC 7748 §6.1) makes OpenSSL's
    /// X25519 derive fail; the blob is refused as not authenticating, with OpenSSL's reason.
    @Test func aSmallOrderEphemeralKeyIsRefusedWithOpenSSLsMessages() throws {
        let keys = try X25519.generate()
        let blob = SecretSealer.magic + [SecretSealer.version] + [UInt8](repeating: 0, count: 32)
            + [UInt8](repeating: 7, count: 12) + [UInt8](repeating: 9, count: 24)
        let binding = SecretSealer.Binding(kind: "request", id: "SPC-7K3D-Q9XB")
        do {
            _ = try SecretSealer.open(blob, privateKey: keys.privateKey, binding: binding)
            Issue.record("a blob with a small-order ephemeral key opened")
        } catch {
            #expect(error.code == .vaultAuthenticationFailed)
            #expect(error.cause?.openSSLMessages.isEmpty == false, "OpenSSL's messages were dropped: \(error.reason)")
            #expect(error.reason.contains("error:"), "\(error.reason)")
        }
    }

    @Test func aRewrappedFailureKeepsItsDetailAndMessages() {
        func failing() throws(CertificateError) -> Int {
            throw CertificateError(.openSSL, "HKDF failed", cause: .openSSL(["error:1", "error:2"]))
        }
        func wrongShape() throws(CertificateError) -> Int {
            throw CertificateError(.unknownFormat, "an X25519 public key has 32 bytes")
        }
        #expect(throws: VaultError(.crypto, "")) { try VaultError.crypto(failing()) }
        #expect(throws: VaultError(.malformedBlob, "")) { try VaultError.crypto(wrongShape()) }
        do {
            _ = try VaultError.crypto(failing())
        } catch {
            #expect(error.reason == "HKDF failed (error:1; error:2)")
            #expect(error.cause?.openSSLMessages == ["error:1", "error:2"])
        }
    }
}
