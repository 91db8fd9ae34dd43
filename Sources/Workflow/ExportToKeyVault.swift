#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Entra
import OpenSSLSupport
import Vault

/// `export --to azure-keyvault`: the connection's certificate and key imported into Azure
/// Key Vault as a PFX with a random password (``KeyVaultClient``), never written to disk;
/// the place is kept with the connection (``KeyVaultLink``) so that a renewal imports its
/// new version there (``importNewVersion(of:unlocked:in:access:)``).
public struct ExportToKeyVault: Sendable {
    /// How to reach Key Vault.
    public struct Access: Sendable {
        /// Where the access token comes from: this command, else `SPCONNECT_KEYVAULT_TOKEN`.
        public var tokenCommand: TokenCommand?
        /// Extra trusted CAs for the HTTPS call (`--ca-file`).
        public var caFile: String?
        /// `HOST:PORT` to connect to instead of the vault's own address (`--connect-to`).
        public var connectTo: String?
        /// Seconds for the HTTPS exchange.
        public var timeout: Double = 30

        /// The defaults: the variable's token, the system trust, the vault's address, 30 s.
        public init() {}

        /// The HTTPS client these options describe (checks `caFile`).
        func client() throws(EntraError) -> HTTPClient {
            try HTTPClient(options: HTTPClient.Options(caFile: caFile, connectTimeout: min(10, timeout), totalTimeout: timeout,
                                                       userAgent: "spconnect/\(SpconnectVersion.string)", connectTo: connectTo))
        }
    }

    /// What was imported.
    public struct Result: Sendable {
        /// The connection's name.
        public let connection: String
        /// What Key Vault answered: the certificate's id, name and version.
        public let certificate: KeyVaultClient.ImportedCertificate
        /// The link now kept with the connection.
        public let link: KeyVaultLink
    }

    /// The connection's name.
    public var connection: String
    /// The vault's address as given (`https://NAME.vault.azure.net`).
    public var vault: String
    /// The certificate's name in the vault; nil: made from the connection's name.
    public var certificateName: String?
    /// The token, trust and timeout.
    public var access: Access

    /// An import of `connection` into `vault`.
    public init(connection: String, vault: String, certificateName: String? = nil, access: Access = Access()) {
        self.connection = connection
        self.vault = vault
        self.certificateName = certificateName
        self.access = access
    }

    /// Checks a `--certificate-name` on its own, before anything is opened.
    public static func checkCertificateName(_ name: String) throws(EntraError) {
        try KeyVaultAddress.checkCertificateName(name)
    }

    /// Imports the connection. The vault's address, the certificate's name and the CA file
    /// are checked, and the token obtained, before the store is unlocked; nothing is
    /// recorded unless Key Vault accepted the import.
    public func run(in environment: Environment) throws -> Result {
        let store = try environment.openStore()
        let record = try store.connection(connection)
        let address = try KeyVaultAddress(vault, cloud: record.cloud)
        let name = certificateName ?? KeyVaultAddress.certificateName(forConnection: record.name)
        try KeyVaultAddress.checkCertificateName(name)
        let http = try access.client()
        let token = try TokenCommand.token(command: access.tokenCommand, variables: environment.variables)
        let unlocked = try environment.unlock(store)
        return try Self.importCertificate(record, unlocked: unlocked, into: address, name: name, token: token, http: http)
    }

    /// For `renew`: imports the connection's current certificate (read again from the
    /// store, so call this after the renewed certificate is stored) as a new version of the
    /// certificate it is linked to, and moves the link to that version.
    ///
    /// - Returns: nil when the connection was never imported into Key Vault (no link), else
    ///   what was imported.
    /// - Throws: as ``run(in:)``: the vault's address no longer fits the connection's cloud,
    ///   the token, Key Vault's refusal (``ErrorCode/keyVaultConflict``…), the transport.
    public static func importNewVersion(of connection: String, unlocked: UnlockedStore, in environment: Environment,
                                        access: Access) throws -> Result? {
        let record = try unlocked.store.connection(connection)
        guard let link = try unlocked.store.keyVaultLink(ofConnection: record.id) else { return nil }
        let address = try KeyVaultAddress(link.vaultURL, cloud: record.cloud)
        let http = try access.client()
        let token = try TokenCommand.token(command: access.tokenCommand, variables: environment.variables)
        return try importCertificate(record, unlocked: unlocked, into: address, name: link.certificateName, token: token, http: http)
    }

    /// The import itself: the PFX under a fresh random password, the call, then the link
    /// and its audit line.
    static func importCertificate(_ record: ConnectionRecord, unlocked: UnlockedStore, into vault: KeyVaultAddress, name: String,
                                  token: SecretBytes, http: HTTPClient) throws -> Result {
        let password = try randomPassword()
        let pfx = try ConnectionExporter.render(record, format: .pfx, unlocked: unlocked, password: password)
        let keySize = try X509Certificate(der: Array(record.certificate)).keyBits
        let imported = try KeyVaultClient(http: http).importCertificate(into: vault, name: name, pfx: pfx, password: password,
                                                                        keySize: keySize, token: token)
        let link = KeyVaultLink(connectionID: record.id, vaultURL: vault.url, certificateName: imported.name, versionID: imported.version,
                                thumbprintSHA1: record.thumbprintSHA1)
        try unlocked.store.recordKeyVaultImport(link, connection: record.name)
        return Result(connection: record.name, certificate: imported, link: link)
    }

    /// 32 hex digits of 128 random bits, in wiped-on-release memory: the PFX's password,
    /// which only the request body carries.
    static func randomPassword() throws -> SecretBytes {
        var random = try RandomBytes.make(16)
        defer { random.withUnsafeMutableBytes { explicit_bzero($0.baseAddress!, $0.count) } }
        var text = [UInt8](repeating: 0, count: 32)
        defer { text.withUnsafeMutableBytes { explicit_bzero($0.baseAddress!, $0.count) } }
        let digits = Array("0123456789abcdef".utf8)
        for (index, byte) in random.enumerated() {
            text[2 * index] = digits[Int(byte >> 4)]
            text[2 * index + 1] = digits[Int(byte & 15)]
        }
        return SecretBytes(text)
    }

    /// The link kept with connection `name`, if it was ever imported (for `show`).
    public static func link(of name: String, in environment: Environment) throws -> KeyVaultLink? {
        let store = try environment.openStore()
        return try store.keyVaultLink(ofConnection: try store.connection(name).id)
    }
}
