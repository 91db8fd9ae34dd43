// `spconnect token` against the loopback Entra stub (scripts/entra_stub.py), which checks each
// assertion with joserfc and cryptography and logs the token it issued: what spconnect prints
// must be that token, for the resource asked.
import Foundation
import Testing

@Suite("token against the Entra stub")
struct TokenTests {
    /// `spconnect token NAME --authority-host STUB --ca-file CA EXTRA…`.
    func token(_ connection: VerifyHome, _ stub: EntraStub, _ extra: [String]) throws -> RunResult {
        try connection.home.run(["token", connection.name, "--authority-host", stub.host, "--ca-file", stub.ca] + extra, VerifyHome.loopback)
    }

    /// The JSON payload of a compact JWS, decoded here (not by spconnect).
    func claims(_ token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        try #require(parts.count == 3, "not a JWS: \(token.prefix(20))…")
        var text = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        let data = try #require(Data(base64Encoded: text))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func thePrintedTokenIsTheOneIssuedForTheSiteSharePointHost() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try token(connection, stub, ["--site", stub.site("reports")])
        #expect(result.status == 0, "\(result)")
        let requests = stub.requests
        try #require(requests.count == 1, "\(requests)")
        let issued = try #require(requests[0]["access_token"] as? String)
        #expect(result.stdout == issued + "\n", "stdout is the token alone")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(requests[0]["scope"] as? String == "https://\(stub.host)/.default")
        #expect(requests[0]["alg"] as? String == "PS256", "signed as verify signs")
        #expect(try claims(issued)["aud"] as? String == "https://\(stub.host)")
        // The audit log names the resource and never holds the token.
        #expect(try connection.home.sql("SELECT detail FROM audit WHERE action = 'token.issued'") == "resource https://\(stub.host)")
        #expect(try connection.home.sql("SELECT count(*) FROM audit WHERE detail LIKE '%' || '\(issued.prefix(30))' || '%'") == "0")
    }

    @Test(arguments: [
        (["--resource", "graph"], "https://graph.microsoft.com", [String]()),
        (["--resource", "https://vault.azure.net/.default"], "https://vault.azure.net", ["--resource", "https://vault.azure.net"]),
        (["--resource", "https://contoso.example/api/"], "https://contoso.example/api", ["--resource", "https://contoso.example/api"]),
    ])
    func otherResourcesAreAskedByTheirURI(_ arguments: [String], _ resource: String, _ stubArguments: [String]) throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, stubArguments)
        let result = try token(connection, stub, arguments)
        #expect(result.status == 0, "\(result)")
        let seen = try #require(stub.requests.last)
        #expect(seen["scope"] as? String == resource + "/.default")
        let issued = try #require(seen["access_token"] as? String)
        #expect(result.stdout == issued + "\n")
        #expect(try claims(issued)["aud"] as? String == resource)
    }

    @Test func jsonHasTheTokenItsTypeExpiryAndResource() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try token(connection, stub, ["--resource", "graph", "--json"])
        #expect(result.status == 0, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        let issued = try #require(stub.requests.last?["access_token"] as? String)
        #expect(document["accessToken"] as? String == issued)
        #expect(document["tokenType"] as? String == "Bearer")
        #expect(document["resource"] as? String == "https://graph.microsoft.com")
        let exp = try #require(try claims(issued)["exp"] as? Int)
        let expiresOn = try #require(document["expiresOn"] as? String)
        #expect(ISO8601DateFormatter().date(from: expiresOn)?.timeIntervalSince1970 == Double(exp), "\(expiresOn)")
    }

    @Test func anUnknownResourceIsRefusedWithExit3() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app)
        let result = try token(connection, stub, ["--resource", "https://nothing.example"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.errorLines == ["spconnect: error: the resource https://nothing.example was not found in tenant \(VerifyHome.tenant) (AADSTS500011)"], "\(result)")
        #expect(try connection.home.sql("SELECT detail FROM audit WHERE action = 'token.refused'") == "resource https://nothing.example")
    }

    /// The refusals verify maps, with the same message and hint from token.
    @Test(arguments: [
        (["--register-other-certificate"], "AADSTS700027", "ask your admin to upload the certificate"),
        (["--clock-skew", "3600"], "AADSTS700024", "set this machine's clock right"),
        (["--consent", "missing"], "AADSTS65001", "ask your admin to grant admin consent"),
        (["--tenant", "99999999-2222-4333-8444-555555555555"], "AADSTS90002", "spconnect show"),
    ])
    func refusalsGiveExit3AndVerifysMessage(_ stubArguments: [String], _ code: String, _ hint: String) throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, stubArguments)
        let site = ["--site", stub.site("reports")]
        let verified = try connection.verify(stub)
        let result = try token(connection, stub, site)
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout.isEmpty, "nothing but a token on stdout: \(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("(\(code))"), "\(result)")
        #expect(result.errorLines == verified.errorLines, "the same message as verify's")
        #expect(result.hintLines.count == 1 && result.hintLines[0].contains(hint), "\(result)")
        // The same hint, but for the trace and correlation IDs of each answer.
        func steady(_ lines: [String]) -> [String] { lines.map { $0.components(separatedBy: " (trace ID ")[0] } }
        #expect(steady(result.hintLines) == steady(verified.hintLines))

        let json = try token(connection, stub, site + ["--json"])
        #expect(json.status == 3, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let error = try #require(document["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("(\(code))") == true, "\(document)")
        #expect(document["accessToken"] == nil)
    }

    @Test func badValuesAreUsageErrorsBeforeThePassphrase() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        for arguments in [["--resource", "ftp://example.com"], ["--resource", "sharepoint.com"], ["--site", "http://contoso.sharepoint.com/sites/x"],
                          ["--authority-host", "https://login.example/x"]] {
            // No passphrase: a prompt would fail the run, a usage error comes first.
            let result = CLI.run(["token", connection.name] + arguments, environment: connection.home.environment(["SPCONNECT_PASSPHRASE": ""]))
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty)
        }
        let missing = try connection.home.run(["token", "no-such-connection"])
        #expect(missing.status == 1, "\(missing)")
    }

    /// The help's example, as a shell runs it: curl sends the token to the stub's SharePoint.
    @Test func theTokenWorksInCurlAsTheHelpShows() throws {
        let connection = try VerifyHome()
        defer { connection.remove() }
        let stub = try EntraStub(app: connection.app, ["--title", "reports=Contoso Reports"])
        let script = """
            curl -sS --fail --cacert "$STUB_CA" -H "Authorization: Bearer $("$SPCONNECT" token "$NAME" --authority-host "$STUB" --ca-file "$STUB_CA" --site "$SITE")" \
              -H "Accept: application/json;odata=nometadata" "$SITE/_api/web?\\$select=Title"
            """
        let environment = connection.home.environment(VerifyHome.loopback.merging([
            "SPCONNECT": CLI.binary, "NAME": connection.name, "STUB": stub.host, "STUB_CA": stub.ca, "SITE": stub.site("reports"),
        ]) { $1 })
        let result = CLI.tool("/bin/sh", ["-c", script], environment: environment)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == #"{"Title": "Contoso Reports"}"#, "\(result)")
    }
}
