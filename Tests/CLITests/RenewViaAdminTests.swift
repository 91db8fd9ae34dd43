// `spconnect renew --via-admin` and the import of the admin's reply into the existing
// connection, against scripts/entra_stub.py; and the renewal of a connection exported to
// Azure Key Vault, against scripts/keyvault_sim.py.
import Foundation
import Testing
import TestSupport

/// A renewal request made with `renew NAME --via-admin` (outbox transport) and its draft.
struct RenewalRequest {
    let id: String
    let thumbprint: String
    let mail: ParsedMail
    /// The certificate attachment (PEM), written to a file.
    let certificateFile: String

    init(_ home: RenewHome, _ extra: [String] = []) throws {
        let result = try home.home.run(["renew", home.name, "--via-admin", "--admin", "it@contoso.com", "--from", "Dana Developer <dana@contoso.com>",
                                        "--transport", "outbox", "--key-size", "2048", "--json"] + extra)
        try #require(result.status == 0, "\(result)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        id = try #require(summary["id"] as? String)
        thumbprint = try #require(summary["thumbprint"] as? String)
        mail = try ParsedMail(path: try #require(summary["outbox"] as? String))
        let pem = try #require(mail.attachments.first { ($0["content_type"] as? String) == "application/x-pem-file" })
        certificateFile = home.home.root.appendingPathComponent("\(id).pem").path
        try #require(Data(base64Encoded: pem["base64"] as? String ?? "")).write(to: URL(fileURLWithPath: certificateFile))
    }

    /// The attachment whose name ends with `suffix`, as text (a byte order mark dropped).
    func attachment(endingWith suffix: String) throws -> String {
        let part = try #require(mail.attachments.first { ($0["filename"] as? String)?.hasSuffix(suffix) == true },
                                "no \(suffix) in \(mail.attachments.map { $0["filename"] ?? "?" })")
        let bytes = try #require(Data(base64Encoded: part["base64"] as? String ?? ""))
        return String(decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...], as: UTF8.self)
    }

    /// The admin's reply, as the script prints it, with these values.
    func reply(in home: RenewHome, tenant: String = VerifyHome.tenant, client: String = VerifyHome.client) throws -> String {
        let path = home.home.root.appendingPathComponent("reply-\(UUID().uuidString).txt").path
        try """
        Done, the certificate is on the app.

        > ----- BEGIN SPCONNECT REPLY -----
        > Request: \(id)
        > Directory (tenant) ID: \(tenant)
        > Application (client) ID: \(client)
        > Certificate thumbprint: \(thumbprint)
        > ----- END SPCONNECT REPLY -----
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The stub's graph.json with this certificate added next to the app's keys, as the
    /// admin's script adds it (the keyId the scripts give a certificate): for `--keys`.
    func registered(in stub: EntraStub, folder: URL) throws -> String {
        let path = folder.appendingPathComponent("registered-\(id).json").path
        let script = """
            import base64, hashlib, json, sys, uuid
            from cryptography import x509
            from cryptography.hazmat.primitives import serialization
            document = json.load(open(sys.argv[1]))
            cert = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
            der = cert.public_bytes(serialization.Encoding.DER)
            raw = bytearray(hashlib.sha256(der).digest()[:16])
            raw[6] = raw[6] & 0x0F | 0x80
            raw[8] = raw[8] & 0x3F | 0x80
            document["keyCredentials"].append({"customKeyIdentifier": hashlib.sha1(der).hexdigest().upper(),
                "displayName": cert.subject.rfc4514_string(), "endDateTime": cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "startDateTime": cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"), "key": base64.b64encode(der).decode(),
                "keyId": str(uuid.UUID(bytes=bytes(raw))), "type": "AsymmetricX509Cert", "usage": "Verify", "addedByAddKey": False})
            json.dump(document, open(sys.argv[3], "w"))
            print("ok")
            """
        let run = CLI.tool(Scripts.python, ["-c", script, stub.folder + "/graph.json", certificateFile, path])
        try #require(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(run)")
        return path
    }
}

@Suite("renew --via-admin and the import of its reply")
struct RenewViaAdminTests {
    @Test func theRequestTargetsTheAppByClientIDAndItsReplyRenewsTheConnection() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let old = try #require(home.connection.description["thumbprint"] as? String)
        let connectionID = try home.home.sql("SELECT id FROM connections")
        let request = try RenewalRequest(home)
        #expect(request.thumbprint != old)
        // The request remembers the connection; its values are the connection's.
        #expect(try home.home.sql("SELECT renewsConnection, clientID, tenant, appName, status FROM requests WHERE id = '\(request.id)'")
                == "\(connectionID)|\(VerifyHome.client)|\(VerifyHome.tenant)|seed-0|drafted")
        #expect(request.mail.addresses("to")?.map(\.addr) == ["it@contoso.com"])
        let shown = try JSONSerialization.jsonObject(with: Data(try home.home.run(["show", request.id, "--json"]).stdout.utf8)) as? [String: Any]
        #expect(shown?["renewsConnection"] as? String == connectionID && shown?["clientID"] as? String == VerifyHome.client, "\(shown ?? [:])")
        #expect(request.mail.text?.contains(VerifyHome.client) == true)

        // Both scripts find the app by its client ID, never by its name, and remove no key.
        let shell = try request.attachment(endingWith: ".sh")
        let powershell = try request.attachment(endingWith: ".ps1.txt")
        #expect(shell.contains("REQUESTED_CLIENT_ID='\(VerifyHome.client)'"), "\(shell.prefix(2000))")
        #expect(powershell.contains("$RequestedClientId = '\(VerifyHome.client)'"), "\(powershell.prefix(2000))")
        for script in [shell, powershell] {
            #expect(script.contains("appId%20eq%20%27"), "the lookup by client ID")
            #expect(!script.contains("displayName%20eq") && !script.contains("APP_FILTER=") && !script.contains("$AppFilter ="),
                    "no lookup by the app's name")
            for removal in ["removeKey", "graph DELETE", "Invoke-Graph DELETE", "Remove-Mg"] { #expect(!script.contains(removal), "\(removal)") }
            #expect(script.contains("Add the certificate, keeping every key"))
        }
        #expect(shell.contains("it never removes a key") && powershell.contains("it never removes a key"))

        // The admin adds the certificate and replies; import makes it pending, the old one stays current.
        let imported = try home.home.run(["import", try request.reply(in: home)])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("Imported the reply to renewal request \(request.id) into connection \(home.name)"), "\(imported)")
        #expect(imported.stdout.contains("is pending") && imported.stdout.contains("Next: spconnect renew \(home.name)"), "\(imported)")
        #expect(imported.stdout.contains("renew \(home.name)") && !imported.stdout.contains("--retire"), "\(imported)")
        var certificates = try home.certificates()
        #expect(certificates["current"]?["thumbprint"] as? String == old)
        #expect(certificates["pending"]?["thumbprint"] as? String == request.thumbprint)
        #expect(certificates["pending"]?["renewalState"] as? String == "added")
        #expect(certificates["previous"] == nil)
        #expect(try home.home.sql("SELECT count(*) FROM connections") == "1", "no second connection")
        #expect(try home.home.sql("SELECT status, sealedKey IS NULL, sealedConnectionKey IS NULL FROM requests WHERE id = '\(request.id)'") == "fulfilled|1|1")
        #expect(try home.home.sql("SELECT action FROM audit WHERE action = 'renewal.imported'") == "renewal.imported")

        // The same reply again changes nothing.
        let digest = try home.home.storeDigest()
        let again = try home.home.run(["import", try request.reply(in: home)])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("was already imported into connection \(home.name)"), "\(again)")
        #expect(try home.home.storeDigest() == digest)

        // The stub knows both certificates, as the app does now: renew proves the pending one and makes it current.
        let stub = try EntraStub(app: home.app)
        let registered = try EntraStub(app: home.app, ["--keys", try request.registered(in: stub, folder: home.home.root)])
        let resumed = try home.renew(registered)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("ok    resume") && resumed.stdout.contains("ok    prove"), "\(resumed)")
        #expect(!resumed.stdout.contains("addKey"), "no Graph call for a certificate the admin added: \(resumed)")
        #expect(resumed.stdout.contains("renew \(home.name) --retire"), "\(resumed)")
        certificates = try home.certificates()
        #expect(certificates["current"]?["thumbprint"] as? String == request.thumbprint)
        #expect(certificates["previous"]?["thumbprint"] as? String == old)
        // No keyId was confirmed for the admin's certificate: show does not claim one.
        #expect(certificates["current"]?["keyIdSource"] as? String == "unknown", "\(certificates)")
        let verified = try home.verify(registered)
        #expect(verified.status == 0, "\(verified)")
        #expect(registered.requests.last?["certificate"] as? String == request.thumbprint.uppercased())
        // The reply again, now that its certificate is current: still nothing changes.
        let digestAfter = try home.home.storeDigest()
        let later = try home.home.run(["import", try request.reply(in: home)])
        #expect(later.status == 0, "\(later)")
        #expect(try home.home.storeDigest() == digestAfter)

        // The previous certificate is retired through Graph as after a Graph renewal: only it goes.
        let retired = try home.home.run(["renew", home.name, "--retire", "--authority-host", registered.host, "--graph-host", registered.graphHost,
                                         "--ca-file", registered.ca], VerifyHome.loopback)
        #expect(retired.status == 0, "\(retired)")
        #expect(registered.keyCredentials.compactMap { $0["customKeyIdentifier"] as? String } == [request.thumbprint.uppercased()])
    }

    @Test(arguments: [("client", "the Application (client) ID 77777777-7777-4777-8777-777777777777, not the connection's"),
                      ("tenant", "the Directory (tenant) ID 99999999-2222-4333-8444-555555555555, not the connection's")])
    func aReplyForAnotherAppOrTenantIsRefusedAndChangesNothing(_ field: String, message: String) throws {
        let home = try RenewHome(objectID: false)
        defer { home.remove() }
        // Without an Object ID renew cannot roll the key itself, and says how to go through the admin.
        let refused = try home.home.run(["renew", home.name, "--graph-host", "127.0.0.1:9", "--authority-host", "127.0.0.1:9"], VerifyHome.loopback)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.hintLines.first?.contains("spconnect renew \(home.name) --via-admin --admin ADMIN-EMAIL") == true, "\(refused)")

        let request = try RenewalRequest(home)
        let reply = field == "client" ? try request.reply(in: home, client: "77777777-7777-4777-8777-777777777777")
                                      : try request.reply(in: home, tenant: "99999999-2222-4333-8444-555555555555")
        let before = [try home.home.storeDigest(), try home.home.sql(".dump")]
        let result = try home.home.run(["import", reply, "--json"])
        #expect(result.status == 1, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        let error = try #require(document["error"] as? [String: Any])
        #expect(error["code"] as? String == "renewalReplyMismatch")
        #expect((error["message"] as? String)?.contains("renews connection \(home.name), but") == true, "\(error)")
        #expect((error["message"] as? String)?.contains(message) == true, "\(error)")
        #expect((error["hint"] as? String)?.contains("spconnect show \(home.name)") == true, "\(error)")
        #expect([try home.home.storeDigest(), try home.home.sql(".dump")] == before, "nothing changed")
        #expect(try home.certificates().keys.sorted() == ["current"])
    }

    @Test func aRenewalRequestIsNotImportedAsANewConnectionAndItsMACCoversTheConnection() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let request = try RenewalRequest(home)
        // The request made to renew another connection (its link changed outside spconnect) is refused.
        _ = try home.home.sql("UPDATE requests SET renewsConnection = 'SPC-AAAA-AAAA' WHERE id = '\(request.id)'")
        let result = try home.home.run(["import", try request.reply(in: home)])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("record MAC") == true, "\(result)")
        // Cleared, the request would make a new connection: its MAC refuses that too.
        _ = try home.home.sql("UPDATE requests SET renewsConnection = NULL WHERE id = '\(request.id)'")
        let cleared = try home.home.run(["import", try request.reply(in: home)])
        #expect(cleared.status == 1, "\(cleared)")
        #expect(cleared.errorLines.first?.contains("record MAC") == true, "\(cleared)")
        #expect(try home.home.sql("SELECT count(*) FROM connections") == "1")
        #expect(try home.certificates().keys.sorted() == ["current"])
    }

    @Test func aCertificateTheAdminNeverAddedStaysPendingAndTheOldOneKeepsWorking() throws {
        let home = try RenewHome(objectID: false)
        defer { home.remove() }
        let old = try #require(home.connection.description["thumbprint"] as? String)
        let request = try RenewalRequest(home)
        // A flags-only import with no thumbprint: nothing says the admin added this certificate.
        let imported = try home.home.run(["import", "--request", request.id, "--tenant-id", VerifyHome.tenant, "--client-id", VerifyHome.client, "--json"])
        #expect(imported.status == 0, "\(imported)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any], "\(imported)")
        #expect(document["created"] as? Bool == false && document["renewed"] as? Bool == true && document["changed"] as? Bool == true, "\(document)")
        #expect(document["pendingCertificate"] as? String == request.thumbprint, "\(document)")
        #expect((document["next"] as? String)?.hasSuffix("renew \(home.name)") == true, "\(document)")
        // The stub knows only the old certificate, as Entra does: token and verify still use it.
        let stub = try EntraStub(app: home.app)
        #expect(try home.verify(stub).status == 0)
        let resumed = try home.renew(stub)
        #expect(resumed.status == 1, "\(resumed)")
        #expect(resumed.stdout.contains("FAIL  prove"), "\(resumed)")
        let certificates = try home.certificates()
        #expect(certificates["current"]?["thumbprint"] as? String == old)
        #expect(certificates["pending"]?["thumbprint"] as? String == request.thumbprint)
        #expect(try home.verify(stub).status == 0, "the old certificate still works")

        // Once the admin has added it, the same renew makes it current; without an Object ID,
        // retiring the old one goes through the admin (or the Object ID first).
        let registered = try EntraStub(app: home.app, ["--keys", try request.registered(in: stub, folder: home.home.root)])
        let proved = try home.renew(registered)
        #expect(proved.status == 0, "\(proved)")
        #expect(try home.certificates()["current"]?["thumbprint"] as? String == request.thumbprint)
        #expect(!proved.stdout.contains("--retire"), "\(proved)")
        #expect(proved.stdout.contains("ask the admin to remove certificate \(old.uppercased())") || proved.stdout.contains("ask the admin to remove certificate \(old)"),
                "\(proved)")
        #expect(proved.stdout.contains("connection set \(home.name) --object-id GUID"), "\(proved)")
    }

    @Test(arguments: ["previous", "pending"])
    func aPreviousOrPendingCertificateRefusesARenewalRequestBeforeAnyEmail(_ kept: String) throws {
        let home = try RenewHome()
        defer { home.remove() }
        let stub = try EntraStub(app: home.app)
        if kept == "previous" {
            #expect(try home.renew(stub).status == 0)
        } else {
            // A renewal Graph's token service stopped stays pending.
            let failing = try home.renew(try EntraStub(app: home.app, ["--graph-fault", "token"]))
            try #require(try home.certificates()["pending"] != nil, "\(failing)")
        }
        let before = try home.home.sql("SELECT count(*) FROM requests")
        let result = try home.home.run(["renew", home.name, "--via-admin", "--admin", "it@contoso.com", "--from", "Dana Developer <dana@contoso.com>",
                                        "--transport", "outbox", "--key-size", "2048"])
        #expect(result.status == 1, "\(result)")
        let hint = result.hintLines.joined(separator: " ")
        #expect(hint.contains(kept == "previous" ? "spconnect renew \(home.name) --retire" : "spconnect renew \(home.name) resumes"), "\(result)")
        #expect(try home.home.sql("SELECT count(*) FROM requests") == before, "no request made")
    }

    @Test func aReplyForAConnectionRenewedMeanwhileIsRefusedChangingNothing() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let request = try RenewalRequest(home)
        // A Graph renewal ran after the request was made: the connection now keeps a previous certificate.
        let stub = try EntraStub(app: home.app)
        #expect(try home.renew(stub).status == 0)
        let before = [try home.home.storeDigest(), try home.home.sql("SELECT certificate, previousCertificate, pendingCertificate FROM connections")]
        let result = try home.home.run(["import", try request.reply(in: home)])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.contains("still keeps its previous certificate") == true, "\(result)")
        #expect(result.hintLines.first?.contains("spconnect renew \(home.name) --retire") == true, "\(result)")
        #expect([try home.home.storeDigest(), try home.home.sql("SELECT certificate, previousCertificate, pendingCertificate FROM connections")] == before)
        #expect(try home.home.sql("SELECT status FROM requests WHERE id = '\(request.id)'") == "drafted")
    }

    @Test func aRenewalRequestWithoutItsOriginalRequestNeedsTheAPI() throws {
        let home = try RenewHome()
        defer { home.remove() }
        _ = try home.home.sql("DELETE FROM requests")
        let arguments = ["renew", home.name, "--via-admin", "--admin", "it@contoso.com", "--from", "Dana Developer <dana@contoso.com>",
                         "--transport", "outbox", "--key-size", "2048"]
        let refused = try home.home.run(arguments)
        #expect(refused.status == 2, "a value to give: \(refused)")
        #expect(refused.errorLines.first?.contains("does not record which API") == true, "\(refused)")
        #expect(refused.hintLines.first?.contains("--api sharepoint") == true, "\(refused)")
        #expect(try home.home.sql("SELECT count(*) FROM requests") == "0")
        let given = try home.home.run(arguments + ["--api", "graph"])
        #expect(given.status == 0, "\(given)")
        #expect(try home.home.sql("SELECT api FROM requests") == "graph")
    }
}

@Suite("renew with a Key Vault link", .serialized)
struct RenewKeyVaultTests {
    /// One file with the stub's and the simulator's CA, for the one `--ca-file`.
    func caBundle(_ stub: EntraStub, _ sim: KeyVaultSim, in home: RenewHome) throws -> String {
        let path = home.home.root.appendingPathComponent("cas-\(sim.port).pem").path
        let bundle = try String(contentsOfFile: stub.ca, encoding: .utf8) + "\n" + (try String(contentsOfFile: sim.ca, encoding: .utf8))
        try bundle.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Exports the connection to the simulator's vault (the link renew follows); returns the version.
    func export(_ home: RenewHome, _ sim: KeyVaultSim, token: String) throws -> String {
        let result = try home.home.run(sim.exportArguments(home.name, ["--token-command", "echo \(token)"]), VerifyHome.loopback)
        try #require(result.status == 0, "\(result)")
        return try home.home.sql("SELECT versionID FROM keyvault_links")
    }

    func renewArguments(_ home: RenewHome, _ stub: EntraStub, _ sim: KeyVaultSim, ca: String, token: String, key: String) -> [String] {
        ["renew", home.name, "--authority-host", stub.host, "--graph-host", stub.graphHost, "--ca-file", ca, "--site", stub.site("reports"),
         "--key", key, "--token-command", "echo \(token)", "--connect-to", "127.0.0.1:\(sim.port)"]
    }

    @Test func theVaultGetsASecondVersionHoldingTheNewKeyAndCertificate() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let token = KeyVaultExportTests.token("renewKeyVault", fallback: 0x5245_0001)
        let sim = try KeyVaultSim(token: token)
        let first = try export(home, sim, token: token)
        let stub = try EntraStub(app: home.app)
        let key = try home.home.makeKey()
        let result = try home.home.run(renewArguments(home, stub, sim, ca: try caBundle(stub, sim, in: home), token: token, key: key), VerifyHome.loopback)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("ok    keyVault"), "\(result)")
        let new = try #require(try home.certificates()["current"]?["thumbprint"] as? String)
        let accepted = sim.received.filter { $0["pwd"] != nil }
        #expect(accepted.count == 2, "\(sim.received)")
        #expect(accepted.last?["name"] as? String == home.name, "the same certificate name")
        // The second version's PFX opens (cryptography) to the new key and certificate.
        let check = CLI.tool(Scripts.python, ["-c", KeyVaultExportTests.checker, try sim.lastRequestFile(), key, new])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check)")
        let second = try home.home.sql("SELECT versionID FROM keyvault_links")
        #expect(second != first && second.count == 32, "\(first) \(second)")
        let plain = { (text: String) in text.uppercased().filter(\.isHexDigit) }
        #expect(plain(try home.home.sql("SELECT thumbprintSHA1 FROM keyvault_links")) == plain(new))
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
    }

    @Test func anAdminRenewalImportNamesTheExportForTheLinkedVault() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let token = KeyVaultExportTests.token("renewKeyVaultAdmin", fallback: 0x5245_0003)
        let sim = try KeyVaultSim(token: token)
        let first = try export(home, sim, token: token)
        let request = try RenewalRequest(home)
        let imported = try home.home.run(["import", try request.reply(in: home)])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stderr.contains("Azure Key Vault https://contoso-kv.vault.azure.net (certificate \(home.name)), which still holds the old certificate"),
                "\(imported.stderr)")
        #expect(imported.stderr.contains("export \(home.name) --to azure-keyvault --vault https://contoso-kv.vault.azure.net --certificate-name \(home.name)"),
                "\(imported.stderr)")
        #expect(try home.home.sql("SELECT versionID FROM keyvault_links") == first)
    }

    @Test func aKeyVaultFailureLeavesTheRenewalDoneWithAWarning() throws {
        let home = try RenewHome()
        defer { home.remove() }
        let token = KeyVaultExportTests.token("renewKeyVaultFailure", fallback: 0x5245_0002)
        let sim = try KeyVaultSim(token: token)
        let first = try export(home, sim, token: token)
        let refusing = try KeyVaultSim(token: token, fault: "403")
        let stub = try EntraStub(app: home.app)
        let old = try #require(home.connection.description["thumbprint"] as? String)
        let result = try home.home.run(renewArguments(home, stub, refusing, ca: try caBundle(stub, refusing, in: home), token: token,
                                                     key: try home.home.makeKey()), VerifyHome.loopback)
        #expect(result.status == 0, "the renewal stands: \(result)")
        #expect(result.stdout.contains("FAIL  keyVault"), "\(result)")
        let certificates = try home.certificates()
        #expect(certificates["previous"]?["thumbprint"] as? String == old)
        #expect(certificates["current"]?["thumbprint"] as? String != old)
        #expect(result.stderr.contains("Azure Key Vault https://contoso-kv.vault.azure.net still holds the old one"), "\(result.stderr)")
        #expect(result.stderr.contains("import it with: spconnect export \(home.name) --to azure-keyvault --vault https://contoso-kv.vault.azure.net --certificate-name \(home.name)"),
                "\(result.stderr)")
        // The command to run again carries this renew's vault access: token command, private endpoint, CA file.
        let retry = try #require(result.stderr.split(separator: "\n").first { $0.contains("import it with:") }, "\(result.stderr)")
        let ca = home.home.root.appendingPathComponent("cas-\(refusing.port).pem").path
        #expect(retry.contains("--token-command 'echo \(token)'") && retry.contains("--connect-to 127.0.0.1:\(refusing.port)")
                && retry.contains("--ca-file \(ca)"), "\(retry)")
        #expect(try home.home.sql("SELECT versionID FROM keyvault_links") == first, "the link still names the version the vault has")
        #expect(try home.home.sql("SELECT count(*) FROM audit WHERE action = 'renewal.keyvault.failed' AND detail LIKE '%contoso-kv.vault.azure.net%'") == "1")
        #expect(try home.verify(stub).status == 0)
    }
}
