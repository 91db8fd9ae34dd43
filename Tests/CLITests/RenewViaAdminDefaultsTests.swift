// `renew --via-admin` without --admin or --from: the renewal request goes to the admins of the
// request the connection came from, from the same sender, as a real request and import leave them.
import Foundation
import Testing
import TestSupport

@Suite("renew --via-admin takes the original request's admins and sender")
struct RenewViaAdminDefaultsTests {
    @Test func theAdminsAndTheSenderComeFromTheOriginalRequest() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let made = try home.run(["request", "--tenant", VerifyHome.tenant, "--admin", "it-admin@contoso.com",
                                 "--site", "https://contoso.sharepoint.com/sites/reports", "--app-name", "Reports exporter",
                                 "--from", "Dana Developer <dana@contoso.com>", "--key", Fixtures.rsaKey, "--json"])
        try #require(made.status == 0, "\(made)")
        let request = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        let id = try #require(request["id"] as? String)
        let imported = try home.run(["import", "--request", id, "--tenant-id", VerifyHome.tenant, "--client-id", VerifyHome.client,
                                     "--name", "reports"])
        try #require(imported.status == 0, "\(imported)")

        // No config.toml, no --from, no --admin: without the original request's values this is refused.
        let renewal = try home.run(["renew", "reports", "--via-admin", "--key", try home.makeKey(), "--json"])
        try #require(renewal.status == 0, "\(renewal)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(renewal.stdout.utf8)) as? [String: Any])
        let mail = try ParsedMail(path: try #require(summary["outbox"] as? String))
        #expect(mail.addresses("to")?.map(\.addr) == ["it-admin@contoso.com"])
        #expect(mail.addresses("from")?.map(\.addr) == ["dana@contoso.com"])
        #expect(mail.addresses("from")?.map(\.name) == ["Dana Developer"])
    }
}
