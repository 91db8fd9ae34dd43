// `spconnect renew` against the loopback Entra, SharePoint and Graph stand-in
// (scripts/entra_stub.py), which checks every assertion and every proof of possession with
// joserfc and keeps the app's keyCredentials in graph.json.
import Foundation
import Testing
import TestSupport

/// A connection with an Object ID, and its export for the stub.
struct RenewHome {
    let connection: VerifyHome
    static let objectID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    var home: StoreHome { connection.home }
    var name: String { connection.name }
    var app: String { connection.app }

    init(objectID: Bool = true) throws {
        connection = try VerifyHome()
        if objectID {
            let set = try connection.home.run(["connection", "set", connection.name, "--object-id", Self.objectID])
            try #require(set.status == 0, "\(set)")
            let export = try connection.home.run(["export", connection.name, "--format", "json", "--out", connection.app, "--force"])
            try #require(export.status == 0, "\(export)")
        }
    }

    /// `spconnect renew NAME` against `stub`.
    func renew(_ stub: EntraStub, _ extra: [String] = []) throws -> RunResult {
        try home.run(["renew", name, "--authority-host", stub.host, "--graph-host", stub.graphHost, "--ca-file", stub.ca,
                      "--site", stub.site("reports"), "--key-size", "2048"] + extra, VerifyHome.loopback)
    }

    /// `verify` against `stub`.
    func verify(_ stub: EntraStub) throws -> RunResult { try connection.verify(stub) }

    /// `show NAME --json`.
    func show() throws -> [String: Any] {
        let result = try home.run(["show", name, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
    }

    /// The `certificates` of `show --json`, by role.
    func certificates() throws -> [String: [String: Any]] {
        let list = try #require(try show()["certificates"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["role"] as? String ?? "?", $0) })
    }

    func audit() throws -> [String] {
        try home.sql("SELECT action FROM audit WHERE action LIKE 'renewal.%' ORDER BY id").split(separator: "\n").map(String.init)
    }

    func remove() { connection.remove() }
}

@Suite("renew against the Entra, SharePoint and Graph stand-in")
struct RenewTests {
    /// The SHA-1 thumbprints (upper hex) of the stub's registered certificates, computed by the stub (hashlib).
    func registered(_ stub: EntraStub) -> [String] { stub.keyCredentials.compactMap { $0["customKeyIdentifier"] as? String } }

    @Test func renewAddsTheNewCertificateNextToTheOldUsesItAndRetireRemovesOnlyTheOld() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app)
        let old = try #require(home.connection.description["thumbprint"] as? String)
        #expect(registered(stub) == [old.uppercased()])
        let oldKeyID = try #require(stub.keyCredentials.first?["keyId"] as? String)
        #expect(try home.certificates()["current"]?["keyId"] as? String == oldKeyID, "show names the keyId the scripts give a certificate")

        let result = try home.renew(stub)
        #expect(result.status == 0, "\(result)")
        for step in ["generate", "graphToken", "addKey", "prove", "switch"] {
            #expect(result.stdout.contains("ok    \(step)"), "\(step): \(result)")
        }
        // Graph holds both certificates; the connection uses the new one.
        let certificates = try home.certificates()
        let new = try #require(certificates["current"]?["thumbprint"] as? String)
        #expect(new != old)
        #expect(certificates["previous"]?["thumbprint"] as? String == old)
        #expect(certificates["pending"] == nil)
        #expect(Set(registered(stub)) == [old.uppercased(), new.uppercased()])
        let added = try #require(stub.keyCredentials.first { $0["customKeyIdentifier"] as? String == new.uppercased() })
        #expect(certificates["current"]?["keyId"] as? String == added["keyId"] as? String)
        #expect(added["type"] as? String == "AsymmetricX509Cert" && added["usage"] as? String == "Verify")

        // The proof, as the stub (joserfc) read it: signed by the old certificate, the reference's claims.
        let add = try #require(stub.graphCalls.first { $0["operation"] as? String == "addKey" })
        #expect(add["result"] as? String == "added", "\(add)")
        #expect(add["proof_signer"] as? String == oldKeyID)
        #expect(add["proof_aud"] as? String == "00000002-0000-0000-c000-000000000000")
        #expect(add["proof_iss"] as? String == RenewHome.objectID)
        let nbf = try #require(add["proof_nbf"] as? Int), exp = try #require(add["proof_exp"] as? Int)
        #expect(exp - nbf == 600)

        // verify signs with the new certificate now.
        let verified = try home.verify(stub)
        #expect(verified.status == 0, "\(verified)")
        #expect(stub.requests.last?["certificate"] as? String == new.uppercased())

        // A second renew is refused until the previous one is retired.
        let again = try home.renew(stub)
        #expect(again.status == 1, "\(again)")
        #expect(again.hintLines.first?.contains("renew \(home.name) --retire") == true, "\(again)")

        let retired = try home.home.run(["renew", home.name, "--retire", "--authority-host", stub.host, "--graph-host", stub.graphHost,
                                         "--ca-file", stub.ca, "--json"], VerifyHome.loopback)
        #expect(retired.status == 0, "\(retired)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(retired.stdout.utf8)) as? [String: Any], "\(retired)")
        #expect(document["outcome"] as? String == "retired")
        #expect(registered(stub) == [new.uppercased()], "only the old key was removed")
        let remove = try #require(stub.graphCalls.first { $0["operation"] as? String == "removeKey" })
        #expect(remove["keyId"] as? String == oldKeyID)
        #expect(remove["proof_signer"] as? String == added["keyId"] as? String, "the proof is signed by the current certificate")
        #expect(try home.certificates().keys.sorted() == ["current"])
        #expect(try home.home.sql("SELECT previousSealedKey IS NULL FROM connections") == "1")
        #expect(try home.audit() == ["renewal.started", "renewal.sent", "renewal.added", "renewal.completed", "renewal.retired"])
        #expect(try home.verify(stub).status == 0)
    }

    @Test func aRefusedGraphTokenSendsNothingAndTheNextRenewResumes() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let blocked = try EntraStub(app: home.app, ["--graph-fault", "token"])
        let result = try home.renew(blocked)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("nothing was sent to Graph") == true, "\(result)")
        #expect(result.errorLines.first?.contains("AADSTS53003") == true, "\(result)")
        #expect(try home.certificates()["pending"]?["renewalState"] as? String == "sealed")
        #expect(blocked.graphCalls.isEmpty && blocked.keyCredentials.count == 1)
        #expect(try home.verify(blocked).status == 0, "the connection still works")
        let pending = try #require(try home.certificates()["pending"]?["thumbprint"] as? String)

        let open = try EntraStub(app: home.app)
        let resumed = try home.renew(open)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("ok    resume"), "\(resumed)")
        #expect(try home.certificates()["current"]?["thumbprint"] as? String == pending, "the same new certificate, not another")
    }

    @Test(arguments: [("addkey-400", "refused", "ask the tenant admin to add a new certificate to this app"),
                      ("addkey-403", "policy", "a tenant policy refuses this certificate (Authorization_RequestDenied)")])
    func aRefusedAddKeyDropsTheNewKeyAndPointsToTheAdmin(fault: String, problem: String, hint: String) throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app, ["--graph-fault", fault])
        let result = try home.renew(stub)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("cannot renew its own certificate: Graph refused to add the new certificate") == true, "\(result)")
        #expect(result.hintLines.first?.contains(hint) == true, "\(result)")
        #expect(result.hintLines.first?.contains("by its client ID \(VerifyHome.client); nothing is removed): spconnect renew \(home.name) --via-admin --admin ADMIN-EMAIL") == true, "\(result)")
        #expect(try home.certificates().keys.sorted() == ["current"], "the refused certificate is not kept")
        #expect(try home.home.sql("SELECT pendingSealedKey IS NULL FROM connections") == "1")
        #expect(stub.keyCredentials.count == 1)
        #expect(try home.audit() == ["renewal.started", "renewal.sent", "renewal.abandoned"])
        #expect(try home.verify(stub).status == 0)
    }

    @Test func aConnectionDroppedAfterAddKeyIsResolvedWithoutAddingTwice() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app, ["--graph-fault", "addkey-drop"])
        let result = try home.renew(stub)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("Graph may or may not have added the new certificate") == true, "\(result)")
        #expect(result.hintLines.first?.contains("asks Entra whether Graph added") == true, "\(result)")
        #expect(try home.certificates()["pending"]?["renewalState"] as? String == "sent")
        #expect(stub.keyCredentials.count == 2, "Graph did add it")
        #expect(try home.verify(stub).status == 0, "the old certificate is still current and works")

        let resumed = try home.renew(stub)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("Graph had added the new certificate"), "\(resumed)")
        #expect(stub.graphCalls.filter { $0["operation"] as? String == "addKey" }.count == 1, "addKey was not sent again")
        #expect(stub.keyCredentials.count == 2)
        let current = try #require(try home.certificates()["current"])
        #expect(current["keyIdSource"] as? String == "unknown", "the keyId was in the lost answer")
        #expect(try home.verify(stub).status == 0)
    }

    @Test func aNewCertificateThatFailsItsChecksIsNotMadeCurrent() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app, ["--graph-fault", "new-cert-fails"])
        let result = try home.renew(stub)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("the connection keeps using its current certificate") == true, "\(result)")
        let certificates = try home.certificates()
        #expect(certificates["pending"]?["renewalState"] as? String == "added")
        #expect(certificates["current"]?["thumbprint"] as? String == home.connection.description["thumbprint"] as? String)
        #expect(try home.verify(stub).status == 0)

        // The key reaches the token service later: the next renew proves it and switches.
        let later = try EntraStub(app: home.app, ["--keys", stub.folder + "/graph.json"])
        let resumed = try home.renew(later)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(later.graphCalls.isEmpty, "nothing sent to Graph again")
        #expect(try home.certificates()["current"]?["thumbprint"] as? String == certificates["pending"]?["thumbprint"] as? String)
    }

    @Test func aRefusedRemoveKeyKeepsThePreviousCertificate() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app, ["--graph-fault", "removekey-refused"])
        #expect(try home.renew(stub).status == 0)
        let result = try home.home.run(["renew", home.name, "--retire", "--authority-host", stub.host, "--graph-host", stub.graphHost,
                                        "--ca-file", stub.ca], VerifyHome.loopback)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("it stays registered and stored") == true, "\(result)")
        #expect(try home.certificates().keys.sorted() == ["current", "previous"])
        #expect(stub.keyCredentials.count == 2)
        #expect(try home.verify(stub).status == 0)
    }

    @Test func swappingThePreviousCertificateWithTheCurrentOneOutsideSpconnectIsRefused() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app)
        #expect(try home.renew(stub).status == 0)
        // The old certificate made current again with its key, MAC and thumbprints, as a restore of the row would.
        _ = try home.home.sql("""
            UPDATE connections SET certificate = previousCertificate, previousCertificate = certificate,
              sealedKey = previousSealedKey, previousSealedKey = sealedKey, mac = previousMAC, previousMAC = mac,
              thumbprintSHA1 = '\(home.connection.description["thumbprint"] as? String ?? "")',
              thumbprintSHA256 = '\(home.connection.description["thumbprintSHA256"] as? String ?? "")'
            """)
        let asked = stub.requests.count
        let verified = try home.verify(stub)
        #expect(verified.status != 0, "\(verified)")
        #expect(verified.stdout.contains("FAIL  key") || !verified.errorLines.isEmpty, "\(verified)")
        #expect(stub.requests.count == asked, "no token was asked for with the swapped certificate")
    }

    @Test func withoutAnObjectIDRenewRefusesBeforeAnything() throws {
        let home = try RenewHome(objectID: false)
        defer { home.remove() }
        let stub = try EntraStub(app: home.app)
        let before = try home.home.storeDigest()
        let result = try home.renew(stub)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("does not know the app registration's Object ID") == true, "\(result)")
        #expect(result.hintLines.first?.hasPrefix("spconnect: hint: record the Object ID from the app's Overview page: spconnect connection set \(home.name) --object-id GUID; or ask the tenant admin") == true, "\(result)")
        #expect(try home.home.storeDigest() == before)
        #expect(stub.requests.isEmpty)
    }

    @Test func anExpiredCertificateCannotSignTheProof() throws {
        let store = try StoreHome()
        defer { store.remove() }
        try #require(try store.run(["init"]).status == 0)
        let expired = packagePath("Tests/RepliesTests/Fixtures/expired.cer")
        let seed = try store.run(["_dev", "seed", "--connections", "1", "--key", Fixtures.rsaKey, "--certificate", expired])
        try #require(seed.status == 0, "\(seed)")
        let name = "seed-" + seed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try store.run(["connection", "set", name, "--object-id", RenewHome.objectID]).status == 0)
        let result = try store.run(["renew", name, "--graph-host", "127.0.0.1:9", "--authority-host", "127.0.0.1:9"], VerifyHome.loopback)
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("its certificate expired on") == true, "\(result)")
        #expect(result.hintLines.first?.contains("client ID \(VerifyHome.client); nothing is removed): spconnect renew \(name) --via-admin --admin ADMIN-EMAIL") == true, "\(result)")
    }
}
