import Common
import OpenSSLSupport

/// The error type of the `Vault` module: the store, sealing and unlocking.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
/// No message ever contains a passphrase or key material.
public struct VaultError: LocatedError {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case storeMissing
        case storeExists
        case storeUnreadable
        case storeTooOpen
        case schemaTooNew
        case wrongPassphrase
        case passphraseUnavailable
        case authenticationFailed
        case malformedBlob
        case notFound
        case conflict
        case invalidState
        case database
        case crypto
        /// The store's public key is not the one pinned, or not the one its private key makes.
        case storeKeyChanged
        /// The pin file cannot be read or written.
        case pinUnreadable
        /// There is no pin yet: only an unlock may write one, so nothing is sealed until then.
        case pinMissing
        /// A file or folder of the home is not the user's alone.
        case untrusted
        /// A record whose certificate, thumbprint and key do not belong together.
        case inconsistentRecord
        /// A record holds a cloud, permission profile, site role or API this spconnect
        /// does not know (a newer spconnect wrote it, or the store was altered).
        case unknownValue
        /// A record whose record MAC is wrong, or missing though it must be there: its
        /// certificate, thumbprints or sealed key were replaced outside spconnect.
        case recordAltered
        /// A record made before record MACs, still waiting for its first (reported by the
        /// integrity check only).
        case recordMACPending
        /// Records have MACs, but the key beside the pin that checks them is gone.
        case macKeyMissing
        /// The record MAC key file cannot be read or written, or is not this store's.
        case macKeyUnreadable
    }

    public let code: Code
    public let detail: String
    public let hint: String?
    /// The record or file concerned, when there is one.
    public let location: String
    /// OpenSSL's own messages for crypto failures.
    public let openSSLErrors: [String]


    public init(_ code: Code, _ detail: String, hint: String? = nil, location: String = "", openSSLErrors: [String] = []) {
        self.code = code
        self.detail = detail
        self.hint = hint
        self.location = location
        self.openSSLErrors = openSSLErrors
    }

    /// Runs an `OpenSSLSupport` call (`try VaultError.crypto(X25519.generate())`) and
    /// rewraps its error: ``Code/malformedBlob`` for a key of the wrong shape,
    /// ``Code/crypto`` for anything else; the detail, the location and OpenSSL's messages
    /// are kept.
    static func crypto<T>(_ body: @autoclosure () throws(CertificateError) -> T) throws(VaultError) -> T {
        do {
            return try body()
        } catch {
            throw VaultError(error.code == .unknownFormat ? .malformedBlob : .crypto, error.detail,
                             location: error.location, openSSLErrors: error.openSSLErrors)
        }
    }
}
