import Hints
import Foundation
import Testing
import Certificates
import OpenSSLSupport
import Replies
import Vault
import Workflow
import Domain

/// `import` through its use case, against real stores: the whole corpus, every check, and
/// that a refused reply changes nothing.
@Suite struct ReplyImporterTests {
    static let tenant = "41e5d472-f4b3-42f7-a7ed-1eefb1e3bc65"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"
    static var thumbprint: String { ImportCorpus.manifest.certificates["request.cer"]!.thumbprint }

    func reply(_ request: String, tenant: String = tenant, client: String = client, thumbprint: String? = nil) -> [UInt8] {
        Array("""
        ----- BEGIN SPCONNECT REPLY -----
        Request: \(request)
        Directory (tenant) ID: \(tenant)
        Application (client) ID: \(client)
        Certificate thumbprint: \(thumbprint ?? Self.thumbprint)
        ----- END SPCONNECT REPLY -----
        """.utf8)
    }

    func code(_ body: () throws -> Void) -> String? { errorCode(body) }

    @Test func theCorpusCertificatesHaveTheManifestsThumbprints() throws {
        for (name, expected) in ImportCorpus.manifest.certificates {
            let certificate = try X509Certificate(der: ImportCorpus.bytes(name))
            #expect(certificate.fingerprints.thumbprint == expected.thumbprint)
            #expect(ISO8601.string(certificate.notAfter) == expected.notAfter)
        }
    }

    @Test func everyGoodReplyBecomesItsConnectionOnce() throws {
        let home = try TestStore()
        try home.seedCorpus()
        for good in ImportCorpus.manifest.good {
            let input = ReplyImporter.Input(reply: ImportCorpus.bytes(good.file), replyName: good.file)
            let outcome = try ReplyImporter.run(input, store: home.store)
            #expect(outcome.created, "\(good.file)")
            #expect(outcome.connection.requestID == good.request, "\(good.file)")
            #expect(outcome.connection.clientID == good.clientID, "\(good.file)")
            #expect(outcome.connection.tenantID == good.tenantID ?? ImportCorpus.manifest.requestTenant, "\(good.file)")
            #expect(outcome.connection.thumbprintSHA1 == Self.thumbprint)
            #expect(outcome.connection.objectID == good.objectID, "\(good.file)")
            if let warning = good.warning {
                #expect(outcome.warnings.contains { $0.contains(warning) }, "\(good.file): \(outcome.warnings)")
            } else {
                #expect(!outcome.warnings.contains { $0.contains("who is not one of request") }, "\(good.file): \(outcome.warnings)")
            }
            #expect(try home.store.request(good.request!).status == .fulfilled)
            // The same reply again: nothing new.
            let before = try home.snapshot()
            let again = try ReplyImporter.run(input, store: home.store)
            #expect(!again.created, "\(good.file)")
            #expect(again.connection.name == outcome.connection.name)
            #expect(try home.snapshot() == before, "\(good.file)")
        }
        let names = try home.store.connections().map(\.name)
        #expect(names.count == ImportCorpus.manifest.good.count)
        #expect(Set(names).count == names.count)
        #expect(names.contains("contoso-reports") && names.contains("contoso-reports-2"))
        #expect(try home.store.auditLog().filter { $0.action == "connection.created" }.count == names.count)
    }

    @Test(arguments: ImportCorpus.manifest.bad)
    func aBadReplyIsRefusedWithItsErrorAndChangesNothing(_ bad: ImportCorpus.Bad) throws {
        let home = try TestStore()
        try home.seedCorpus()
        let before = try home.snapshot()
        var message = ""
        let got = code {
            do {
                _ = try ReplyImporter.run(ReplyImporter.Input(reply: ImportCorpus.bytes(bad.file), replyName: bad.file), store: home.store)
            } catch let error as RepliesError where error.code.domain == .replies {
                message = error.reason
                #expect(Hint.text(for: error)?.isEmpty == false)
                throw error
            }
        }
        #expect(got == bad.error)
        #expect(message.contains(bad.message), "\(message)")
        #expect(try home.snapshot() == before)
    }

    @Test func a20MBMessageIsRefusedBeforeAnythingElse() throws {
        let home = try TestStore()
        try home.seedCorpus()
        let before = try home.snapshot()
        var big = reply(ImportCorpus.manifest.requests[0].id)
        big += [UInt8](repeating: UInt8(ascii: "x"), count: 20_000_000 - big.count)
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: big), store: home.store) } == "tooLarge")
        #expect(try home.snapshot() == before)
    }

    @Test func flagsAloneMakeAConnection() throws {
        let home = try TestStore()
        let request = try home.addRequest("SPC-AAAA-0001")
        let input = ReplyImporter.Input(requestID: "spc-aaaa-0001", tenantID: "{\(Self.tenant.uppercased())}", clientID: Self.client,
                                        thumbprint: Self.thumbprint.lowercased(), name: "my-connection")
        let outcome = try ReplyImporter.run(input, store: home.store)
        #expect(outcome.created && outcome.connection.name == "my-connection")
        #expect(outcome.connection.tenantID == Self.tenant && outcome.connection.tenantDomain == "contoso.onmicrosoft.com")
        #expect(outcome.sourceTexts[.clientID].map(OptionSpelling.text) == "--client-id")
        #expect(outcome.connection.id == request.id)
    }

    @Test func flagsFillInAndOverrideTheReply() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0002")
        let partial = Array("Request: SPC-AAAA-0002\nDirectory (tenant) ID: \(Self.tenant)\n".utf8)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: partial, clientID: Self.client), store: home.store)
        #expect(outcome.connection.clientID == Self.client && outcome.warnings.isEmpty)

        try home.addRequest("SPC-AAAA-0003")
        let other = "11111111-2222-4333-8444-555555555555"
        let overridden = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0003"), clientID: other), store: home.store)
        #expect(overridden.connection.clientID == other)
        #expect(overridden.warningTexts.map(OptionSpelling.text).contains { $0.contains("--client-id") && $0.contains(Self.client) })

        // A flag settles a field the reply contradicts itself on.
        try home.addRequest("SPC-AAAA-0004")
        let conflicting = reply("SPC-AAAA-0004") + Array("\nClient ID: \(other)\n".utf8)
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: conflicting), store: home.store) } == "conflictingValues")
        #expect(try ReplyImporter.run(ReplyImporter.Input(reply: conflicting, clientID: other), store: home.store).connection.clientID == other)
    }

    @Test func aMissingTenantIsTheRequestsTenant() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0005")
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: Array("Request: SPC-AAAA-0005\nClient ID: \(Self.client)\n".utf8)),
                                            store: home.store)
        #expect(outcome.connection.tenantID == "contoso.onmicrosoft.com")
        #expect(outcome.connection.tenantDomain == "contoso.onmicrosoft.com")
        #expect(outcome.sources[.tenantID]?.hasPrefix("the request") == true)
    }

    @Test func anImportedRequestWithOtherValuesIsRefused() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0006")
        _ = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0006")), store: home.store)
        let before = try home.snapshot()
        let other = reply("SPC-AAAA-0006", client: "11111111-2222-4333-8444-555555555555")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: other), store: home.store) } == "alreadyFulfilled")
        #expect(try home.snapshot() == before)
    }

    @Test func aCancelledRequestTakesNoReply() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0007")
        _ = try home.store.cancelRequest("SPC-AAAA-0007")
        let before = try home.snapshot()
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0007")), store: home.store) } == "requestNotPending")
        #expect(try home.snapshot() == before)
    }

    @Test func aRequestForATenantGUIDTakesNoOtherTenant() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0008", tenant: "11111111-2222-4333-8444-555555555555")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0008")), store: home.store) } == "tenantMismatch")
        // Given on purpose with --tenant-id, it is accepted with a warning.
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0008"), tenantID: Self.tenant), store: home.store)
        #expect(outcome.connection.tenantID == Self.tenant)
        #expect(outcome.warnings.contains { $0.contains("not the tenant the request was made for") })
    }

    @Test func withoutARequestIDTheOnePendingRequestWithTheThumbprintIsTaken() throws {
        let home = try TestStore()
        try home.addRequest("SPC-AAAA-0009")
        try home.addRequest("SPC-AAAA-0010", certificate: "expired.cer")
        let text = Array("Client ID: \(Self.client)\nThumbprint: \(Self.thumbprint)\n".utf8)
        let outcome = try ReplyImporter.run(ReplyImporter.Input(reply: text), store: home.store)
        #expect(outcome.connection.id == "SPC-AAAA-0009")
        // Without a thumbprint it must be named.
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: Array("Client ID: \(Self.client)\n".utf8)), store: home.store) } == "missingRequest")
    }

    @Test func names() throws {
        let home = try TestStore()
        for number in 11...16 { try home.addRequest("SPC-AAAA-00\(number)") }
        #expect(try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0011")), store: home.store).connection.name == "contoso-reports")
        #expect(try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0012")), store: home.store).connection.name == "contoso-reports-2")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0013"), name: "contoso-reports"), store: home.store) } == "nameTaken")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0013"), name: "a/b"), store: home.store) } == "invalidName")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0013"), name: "SPC7K3DQ9XA"), store: home.store) } == "invalidName")
        #expect(try ReplyImporter.run(ReplyImporter.Input(reply: reply("SPC-AAAA-0013"), name: "Reports (prod)"), store: home.store).connection.name == "Reports (prod)")
    }

    @Test func anUnreadableRequestIDIsSaidSo() throws {
        let home = try TestStore()
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(requestID: "SPC-UUUU", clientID: Self.client), store: home.store) } == "invalidRequestID")
        #expect(code { _ = try ReplyImporter.run(ReplyImporter.Input(), store: home.store) } == "missingClientID")
    }
}
