// `spconnect verify` against loopback stubs of Entra ID and SharePoint that check every
// assertion with an independent library (scripts/entra_stub.py: joserfc, cryptography).
import Foundation
import Testing

@Suite("verify against the Entra and SharePoint stubs")
struct VerifyTests {
    /// base64url of the bytes of a hex string ("AB:CD…" or "ABCD…").
    func base64URL(hex: String) -> String { Convert.base64URL(Convert.bytes(hex: hex)) }

    @Test func aWorkingConnectionPassesEveryCheckAndReportsTitlesRolesAndExpiry() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--title", "reports=Contoso Reports"])
        let started = Date().timeIntervalSince1970
        let result = try connection.verify(stub, sites: ["reports", "finance"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Verifying \(connection.name): tenant \(VerifyHome.tenant), client \(VerifyHome.client), cloud global\n"), "\(result)")
        #expect(result.stdout.contains("ok    key    the sealed key opens and matches certificate "), "\(result)")
        #expect(result.stdout.contains("ok    token  token for https://\(stub.host)/.default\n"), "\(result)")
        #expect(result.stdout.contains("assertion:   PS256 with x5t#S256\n"), "\(result)")
        #expect(result.stdout.contains("roles:       Sites.Selected\n"), "\(result)")
        #expect(result.stdout.contains(#/expires:     \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in (59|60) min\)\n/#), "\(result)")
        #expect(result.stdout.contains("ok    site   \(stub.site("reports")): \"Contoso Reports\"\n"), "\(result)")
        #expect(result.stdout.contains("ok    site   \(stub.site("finance")): \"Finance (stub)\"\n"), "\(result)")
        #expect(result.stdout.hasSuffix("Verified: all 4 checks passed.\n"), "\(result)")
        #expect(result.errorLines.isEmpty && result.warningLines.isEmpty, "\(result)")

        // What the stub saw: one token request for both sites, with the reference's claims.
        let requests = stub.requests
        try #require(requests.count == 1, "\(requests)")
        let seen = requests[0]
        #expect(seen["result"] as? String == "token")
        #expect(seen["alg"] as? String == "PS256" && seen["typ"] as? String == "JWT")
        #expect(seen["x5t_s256"] as? String == base64URL(hex: connection.description["thumbprintSHA256"] as? String ?? ""))
        #expect(seen["x5t"] is NSNull, "PS256 names the certificate by x5t#S256 only")
        #expect(seen["aud"] as? String == stub.tokenURL(VerifyHome.tenant))
        #expect(seen["iss"] as? String == VerifyHome.client && seen["sub"] as? String == VerifyHome.client)
        #expect(seen["scope"] as? String == "https://\(stub.host)/.default")
        let iat = try #require(seen["iat"] as? Int), nbf = try #require(seen["nbf"] as? Int), exp = try #require(seen["exp"] as? Int)
        #expect(iat == nbf && exp - iat == 600)
        #expect(abs(Double(iat) - started) < 30)
        #expect(try home(connection).sql("SELECT count(*) FROM audit WHERE action = 'connection.verified' AND detail = 'passed'") == "1")
    }

    func home(_ connection: VerifyHome) -> StoreHome { connection.home }

    @Test func jsonIsOneDocumentWithEveryCheck() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--roles", "Sites.Selected,Sites.Read.All"])
        let result = try connection.verify(stub, ["--json"])
        #expect(result.status == 0, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(document["passed"] as? Bool == true)
        #expect(document["connection"] as? String == connection.name)
        #expect(document["tokenEndpoint"] as? String == stub.tokenURL(VerifyHome.tenant))
        let checks = try #require(document["checks"] as? [[String: Any]])
        #expect(checks.map { $0["check"] as? String } == ["key", "token", "site"])
        #expect(checks.allSatisfy { $0["ok"] as? Bool == true && $0["outcome"] as? String == "ok" })
        #expect(checks[1]["roles"] as? [String] == ["Sites.Selected", "Sites.Read.All"])
        #expect(checks[1]["assertion"] as? String == "PS256 with x5t#S256")
        #expect((checks[1]["expiresAt"] as? String)?.hasSuffix("Z") == true)
        #expect(checks[2]["title"] as? String == "Reports (stub)")
    }

    @Test func rs256SendsTheSHA1Thumbprint() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try connection.verify(stub, ["--assertion", "rs256"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("assertion:   RS256 with x5t\n"), "\(result)")
        let seen = try #require(stub.requests.first)
        #expect(seen["alg"] as? String == "RS256")
        #expect(seen["x5t"] as? String == base64URL(hex: connection.description["thumbprint"] as? String ?? ""))
        #expect(seen["x5t_s256"] is NSNull)
    }

    @Test func aCertificateMatchedOnlyBySHA1IsAcceptedOnTheRS256Retry() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--sha1-only"])
        let result = try connection.verify(stub)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("assertion:   RS256 with x5t (PS256 with x5t#S256 was refused: AADSTS700027)\n"), "\(result)")
        let requests = stub.requests
        #expect(requests.map { $0["alg"] as? String } == ["PS256", "RS256"])
        #expect(requests.map { $0["result"] as? String } == ["AADSTS700027", "token"])
    }

    @Test func anUnregisteredCertificateFailsWithAADSTS700027AfterBothAttempts() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--register-other-certificate"])
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        let thumbprint = connection.description["thumbprint"] as? String ?? "?"
        #expect(result.errorLines == ["spconnect: error: Entra ID does not accept this certificate for app \(VerifyHome.client): it is not on the app registration, or its thumbprint differs (AADSTS700027); tried PS256 with x5t#S256, then RS256 with x5t"], "\(result)")
        #expect(result.hintLines.count == 1 && result.hintLines[0].hasPrefix("spconnect: hint: ask your admin to upload the certificate to the app registration"), "\(result)")
        #expect(result.hintLines.first?.contains(thumbprint) == true && result.hintLines.first?.contains("correlation ID") == true, "\(result)")
        #expect(result.stdout.contains("FAIL  token  no token for https://\(stub.host)/.default: "), "\(result)")
        #expect(result.stdout.contains("skip  site   \(stub.site("reports")): not called (no token)\n"), "\(result)")
        #expect(result.stdout.hasSuffix("Verification failed: 1 of 3 checks failed, 1 not run.\n"), "\(result)")
        let requests = stub.requests
        #expect(requests.map { $0["alg"] as? String } == ["PS256", "RS256"])
        let ids = requests.compactMap { $0["jti"] as? String }
        #expect(ids.isEmpty || Set(ids).count == ids.count, "a fresh jti for each attempt")
    }

    @Test func anExpiredAssertionIsBlamedOnTheClock() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        // The stub's clock runs an hour ahead: the assertion has expired by its time, as at Entra
        // when this machine's clock is an hour behind.
        let stub = try EntraStub(app: connection.app, ["--clock-skew", "3600"])
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines == ["spconnect: error: the client assertion is outside its valid time range (AADSTS700024): Entra's clock is 1 h ahead of this machine's"], "\(result)")
        #expect(result.hintLines == ["spconnect: hint: set this machine's clock right (timedatectl set-ntp true, or the system's date and time settings) and run verify again"], "\(result)")
        #expect(stub.requests.map { $0["result"] as? String } == ["AADSTS700024"])
    }

    @Test func aWrongAudienceIsRefusedWithAADSTS50012() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--realm-host", "login.microsoftonline.com"])
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("spconnect: error: Entra ID refused the client assertion's audience (AADSTS50012): Client assertion audience claim does not match Realm issuer."), "\(result)")
        #expect(result.hintLines == ["spconnect: hint: the login host does not serve this tenant: check the connection's cloud (global) and --authority-host"], "\(result)")
    }

    @Test func anUnknownTenantIsRefusedWithAADSTS90002() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--tenant", "99999999-2222-4333-8444-555555555555"])
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines == ["spconnect: error: tenant \(VerifyHome.tenant) was not found in the global cloud (AADSTS90002)"], "\(result)")
        #expect(result.hintLines.first?.contains("spconnect show \(connection.name)") == true, "\(result)")
    }

    /// The other mapped refusals, each with its own message and the person who must act.
    @Test(arguments: [
        (["--client-id", "00000000-0000-4000-8000-000000000000"], "AADSTS700016", "Entra ID has no application", "ask your admin to check that the app registration exists"),
        (["--credential", "expired"], "AADSTS7000222", "has expired", "make a new certificate"),
        (["--credential", "invalid"], "AADSTS7000215", "refused the credential", "ask your admin to upload the certificate with thumbprint"),
        (["--consent", "missing"], "AADSTS65001", "admin consent has not been granted", "ask your admin to grant admin consent"),
    ])
    func otherRefusalsSayWhoMustAct(_ arguments: [String], _ code: String, _ reason: String, _ hint: String) throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, arguments)
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("(\(code))") && result.errorLines[0].contains(reason), "\(result)")
        #expect(result.hintLines.count == 1 && result.hintLines[0].contains(hint), "\(result)")
    }

    @Test func aSiteOfAnotherHostIsAnUnknownResource() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        // The token is asked for https://127.0.0.2:PORT, which this "tenant" does not have.
        let result = try connection.verify(stub, sites: ["https://127.0.0.2:\(stub.port)/sites/x"])
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines == ["spconnect: error: the resource https://127.0.0.2:\(stub.port) was not found in tenant \(VerifyHome.tenant) (AADSTS500011)"], "\(result)")
        #expect(stub.requests.first?["scope"] as? String == "https://127.0.0.2:\(stub.port)/.default")
    }

    @Test func aSiteNotGrantedUnderSitesSelectedIsA403ForTheAdmin() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--deny-site", "secret"])
        let result = try connection.verify(stub, sites: ["reports", "secret", "missing"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout.contains("ok    site   \(stub.site("reports")): \"Reports (stub)\"\n"), "\(result)")
        #expect(result.errorLines == [
            "spconnect: error: the app has no access to \(stub.site("secret")) (403 Forbidden: Access denied.); under Sites.Selected each site must be granted to the app",
            "spconnect: error: no site at \(stub.site("missing")) (404 Not Found)",
        ], "\(result)")
        #expect(result.hintLines.first == "spconnect: hint: ask your admin to grant the app this site; send them the site address and the client ID, e.g. Grant-PnPEntraIDAppSitePermission -AppId \(VerifyHome.client) -DisplayName \"seed-0\" -Permissions Write -Site \(stub.site("secret"))", "\(result)")
        #expect(result.stdout.hasSuffix("Verification failed: 2 of 5 checks failed.\n"), "\(result)")
    }

    @Test func aTokenWithoutRolesGetsA401AndAConsentHint() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--roles", ""])
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout.contains("roles:       (none)\n"), "\(result)")
        #expect(result.errorLines == ["spconnect: error: SharePoint refused the token for \(stub.site("reports")) (401 Unauthorized: Unsupported app only token.); the token carries no application role"], "\(result)")
        #expect(result.hintLines.first?.hasPrefix("spconnect: hint: ask your admin to grant admin consent to the app's SharePoint application permission") == true, "\(result)")
        #expect(result.warningLines.count == 1, "\(result)")
    }

    @Test func anUntrustedServerCertificateIsATLSFailure() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try connection.verify(stub, caFile: false)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("spconnect: error: TLS with \(stub.host) failed: SSL certificate problem"), "\(result)")
        #expect(result.hintLines.first?.contains("--ca-file") == true, "\(result)")
        #expect(stub.requests.isEmpty, "no request reached the server")
        // A certificate for 127.0.0.1 does not serve "localhost", even with the CA trusted.
        let wrongName = try connection.home.run(["verify", connection.name, "--authority-host", "localhost:\(stub.port)", "--ca-file", stub.ca,
                                                 "--site", stub.site("reports")], VerifyHome.loopback)
        #expect(wrongName.status == 3, "\(wrongName)")
        #expect(wrongName.errorLines.first?.contains("localhost") == true && wrongName.errorLines.first?.contains("TLS with localhost:\(stub.port) failed") == true, "\(wrongName)")
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: nil, ["--hang"])
        let started = Date()
        let result = try connection.verify(stub, ["--timeout", "1"])
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("spconnect: error: \(stub.host) did not answer within 1 s"), "\(result)")
        #expect(result.hintLines == ["spconnect: hint: check the network or proxy; give more time with --timeout SECONDS"], "\(result)")
    }

    @Test(arguments: ["malformed", "html"])
    func aTokenAnswerThatIsNotJSONIsReported(_ body: String) throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--token-body", body])
        let result = try connection.verify(stub)
        #expect(result.status == 3, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("spconnect: error: the token endpoint \(stub.host) answered 200 but not with the token JSON ("), "\(result)")
        #expect(result.hintLines.first?.contains("something other than Entra ID answered") == true, "\(result)")
    }

    @Test func everyRunSignsAFreshAssertion() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        // The stub refuses a jti it has seen; both runs must pass.
        #expect(try connection.verify(stub).status == 0)
        #expect(try connection.verify(stub).status == 0)
        let ids = stub.requests.compactMap { $0["jti"] as? String }
        #expect(ids.count == 2 && Set(ids).count == 2, "\(ids)")
    }

    @Test func aWrongPassphraseStopsBeforeAnyRequestWithExitOne() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try connection.verify(stub, environment: ["SPCONNECT_PASSPHRASE": "wrong horse"])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.first?.hasPrefix("spconnect: error: wrong passphrase") == true, "\(result)")
        #expect(stub.requests.isEmpty)
        #expect(!result.stdout.contains("Verifying"))
    }

    @Test(arguments: [["--assertion", "es256"], ["--site", "http://contoso.sharepoint.com/sites/x"], ["--timeout", "0"]])
    func badOptionsAreUsageErrors(_ extra: [String]) throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let result = try connection.home.run(["verify", connection.name] + extra)
        #expect(result.status == 2, "\(result)")
    }

    @Test func helpShowsExamplesAndExitCodes() {
        let help = CLI.run(["verify", "--help"])
        #expect(help.status == 0)
        for text in ["spconnect verify contoso-reports", "--authority-host", "--ca-file", "--assertion", "--site", "--json", "3 a check failed"] {
            #expect(help.stdout.contains(text), "\(text) missing:\n\(help.stdout)")
        }
    }
}
