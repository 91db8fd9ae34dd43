import Foundation
import Testing
import Replies
import Vault
import Workflow

/// An email whose From cannot be read is not pasted text: it is warned about, and refused
/// under `--strict`. A tenant's initial domain in a reply to a request for a custom domain
/// is warned about: it does not show which tenant the admin used.
@Suite struct ImportSenderTenantTests {
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    func reply(from: String?, request: RequestRecord, tenant: String) -> [UInt8] {
        var lines: [String] = []
        if let from { lines.append("From: \(from)") }
        lines += ["To: Dana Developer <dev@contoso.com>", "Subject: Re: SharePoint app registration request \(request.id)",
                  "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "",
                  "----- BEGIN SPCONNECT REPLY -----", "Request: \(request.id)", "Directory (tenant) ID: \(tenant)",
                  "Application (client) ID: \(Self.client)", "Certificate thumbprint: \(request.thumbprint)",
                  "----- END SPCONNECT REPLY -----", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    func request(_ home: TestStore, tenant: String = "contoso.onmicrosoft.com") throws -> RequestRecord {
        let first = ImportCorpus.manifest.requests[0]
        return try home.addRequest(first.id, certificate: first.certificate, tenant: tenant)
    }

    @Test(arguments: [
        (nil, "it has no From field"),
        ("mallory @ evil.example", "its From field \"mallory @ evil.example\" holds no address spconnect can read"),
        ("mallory@evil", "its From field \"mallory@evil\" holds no address spconnect can read"),
    ] as [(String?, String)])
    func anEmailWhoseFromCannotBeReadIsWarnedAboutAndRefusedUnderStrict(from: String?, why: String) throws {
        let home = try TestStore()
        let record = try request(home)
        let bytes = reply(from: from, request: record, tenant: "contoso.onmicrosoft.com")
        let before = try home.snapshot()
        let error = #expect(throws: RepliesError.self) { _ = try ReplyImporter.run(ReplyImporter.Input(reply: bytes, strict: true), store: home.store) }
        #expect(error?.code == .unknownSender)
        #expect(error?.detail.contains("is an email, but \(why)") == true, "\(error?.detail ?? "")")
        #expect(try home.snapshot() == before)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: bytes), store: home.store)
        #expect(outcome.created)
        let warning = try #require(outcome.warnings.first { $0.contains("the reply is an email, but") }, "\(outcome.warnings)")
        #expect(warning.contains(why) && warning.contains("admin@contoso.com"))
    }

    @Test func theAdminsEmailGivesNoSenderWarning() throws {
        let home = try TestStore()
        let record = try request(home)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: reply(from: "IT Admin <admin@contoso.com>", request: record,
                                                                               tenant: "contoso.onmicrosoft.com"), strict: true), store: home.store)
        #expect(outcome.created)
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    }

    @Test func anInitialDomainForACustomDomainRequestIsWarnedAbout() throws {
        let home = try TestStore()
        let record = try request(home, tenant: "contoso.com")
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: reply(from: "IT Admin <admin@contoso.com>", request: record,
                                                                               tenant: "fabrikam.onmicrosoft.com")), store: home.store)
        #expect(outcome.created)
        let warning = try #require(outcome.warnings.first { $0.contains("fabrikam.onmicrosoft.com") }, "\(outcome.warnings)")
        #expect(warning.contains("not the domain request \(record.id) was made for (contoso.com)"))
        #expect(warning.contains("Directory (tenant) ID (a GUID)"))
    }

    @Test func theRequestsOwnDomainGivesNoTenantWarning() throws {
        let home = try TestStore()
        let record = try request(home, tenant: "contoso.com")
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: reply(from: "IT Admin <admin@contoso.com>", request: record,
                                                                               tenant: "contoso.com")), store: home.store)
        #expect(outcome.created)
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    }

    @Test func theWarningComesFromTheTenantRule() throws {
        let note = try ReplyCheck.tenantDomain("fabrikam.onmicrosoft.com", requestTenant: "contoso.com", request: "SPC-97Z4-2QSN", source: "the reply")
        #expect(note?.plain.hasPrefix("the reply gives the tenant domain fabrikam.onmicrosoft.com") == true)
        #expect(try ReplyCheck.tenantDomain("fabrikam.onmicrosoft.com", requestTenant: "41e5d472-f4b3-42f7-a7ed-1eefb1e3bc65",
                                            request: "SPC-97Z4-2QSN", source: "the reply") == nil)
    }

    @Test func valuesFromHTMLWithUnappliedHidingRulesAreWarnedAboutAndRefusedUnderStrict() throws {
        let home = try TestStore()
        let record = try request(home)
        let html = "<html><head><style>b{display:none}</style></head><body>"
            + "<p>Request: \(record.id)</p><p>Directory (tenant) ID: contoso.onmicrosoft.com</p>"
            + "<p>Application (client) ID: \(Self.client)</p><p>Certificate thumbprint: \(record.thumbprint)</p></body></html>"
        let bytes = Array(("From: IT Admin <admin@contoso.com>\r\nTo: dev@contoso.com\r\nSubject: Re: \(record.id)\r\nMIME-Version: 1.0\r\n"
                           + "Content-Type: text/html; charset=utf-8\r\n\r\n\(html)\r\n").utf8)
        let before = try home.snapshot()
        let error = #expect(throws: RepliesError.self) { _ = try ReplyImporter.run(ReplyImporter.Input(reply: bytes, strict: true), store: home.store) }
        #expect(error?.code == .hiddenContent)
        #expect(error?.detail.contains("text/html part") == true && error?.detail.contains("(b)") == true, "\(error?.detail ?? "")")
        #expect(try home.snapshot() == before)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: bytes), store: home.store)
        #expect(outcome.created)
        #expect(outcome.warnings.contains { $0.contains("cannot apply") && $0.contains("check them with the admin") }, "\(outcome.warnings)")
    }
}
