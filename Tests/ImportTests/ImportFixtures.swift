import Foundation
import Testing
import OpenSSLSupport
import Common
import Replies
import Vault
import TestSupport

/// The reply corpus (TestSupport's, shared with RepliesTests).
typealias ImportCorpus = ReplyCorpus

/// A throwaway store, removed when the value goes away.
final class TestStore {
    let folder: URL
    let store: Store

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        store = try Store.create(at: StoreLocation(home: folder.path), passphrase: SecretBytes(Array("correct horse".utf8)),
                                 parameters: ScryptParameters(logN: 14))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Adds a request for `id` with one of the corpus's certificates (or any DER certificate).
    @discardableResult
    func addRequest(_ id: String, certificate name: String = "request.cer", tenant: String = "contoso.onmicrosoft.com",
                    appName: String = "reports") throws -> RequestRecord {
        let der = ImportCorpus.bytes(name)
        let certificate = try X509Certificate(der: der)
        let record = RequestRecord(id: id, tenant: tenant, cloud: .global, admins: ["admin@contoso.com"], requester: "dev@contoso.com",
                                   sites: ["https://contoso.sharepoint.com/sites/reports"], permission: .sitesSelected, siteRole: .write,
                                   api: .sharepoint, appName: appName, certificate: Data(der), thumbprint: certificate.fingerprints.thumbprint,
                                   notAfter: certificate.notAfter)
        try store.addRequest(record, privateKey: SecretBytes(Array("a sealed stand-in for the key".utf8)))
        return record
    }

    /// Every request of the corpus's manifest.
    func seedCorpus() throws {
        for request in ImportCorpus.manifest.requests { try addRequest(request.id, certificate: request.certificate) }
    }

    /// Everything a change would touch: the records, the audit log, and the files' bytes.
    func snapshot() throws -> [String] {
        var lines = try store.requests().map { "\($0.id) \($0.status.rawValue) \($0.updatedAt.timeIntervalSince1970) \($0.sealedConnectionKey?.count ?? 0)" }
        lines += try store.connections().map { "connection \($0.name) \($0.clientID) \($0.tenantID)" }
        lines += try store.auditLog().map { "audit \($0.action) \($0.subject)" }
        for suffix in ["", "-wal"] {
            let data = FileManager.default.contents(atPath: store.location.databasePath + suffix) ?? Data()
            // FNV-1a over every byte.
            let digest = data.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
            lines.append("file\(suffix) \(data.count) \(String(digest, radix: 16))")
        }
        return lines
    }
}

/// The code of the error `body` throws (`vault.CODE` for the store's), or nil when it throws none.
func errorCode(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as RepliesError where error.code.domain == .replies {
        return error.code.name
    } catch let error as VaultError where error.code.domain == .vault {
        return "vault.\(error.code.name)"
    } catch {
        return "\(error)"
    }
}
