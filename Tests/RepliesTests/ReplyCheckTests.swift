import Hints
import Testing
@testable import Replies
import Domain

/// The value checks `import` applies, each with its own error.
@Suite struct ReplyCheckTests {
    let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    @Test func tenants() throws {
        #expect(try ReplyCheck.tenant("{\(tenant.uppercased())}", source: "x") == .guid(tenant))
        #expect(try ReplyCheck.tenant("Contoso.OnMicrosoft.com", source: "x") == .domain("contoso.onmicrosoft.com"))
        for bad in ["contoso", "contoso..com", "-contoso.com", "contoso.c0m", "72f988bf-86f1-41af-91ab-2d7cd011db4", ""] {
            #expect(throws: RepliesError(.invalidTenantID, ""), "\(bad)") { try ReplyCheck.tenant(bad, source: "x") }
        }
        #expect(throws: RepliesError(.zeroGUID, "")) { try ReplyCheck.tenant("00000000-0000-0000-0000-000000000000", source: "x") }
    }

    @Test func clientIDs() throws {
        #expect(try ReplyCheck.clientID(client.uppercased(), tenant: .guid(tenant), source: "x") == client)
        #expect(throws: RepliesError(.invalidClientID, "")) { try ReplyCheck.clientID("6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1bG2", tenant: nil, source: "x") }
        #expect(throws: RepliesError(.zeroGUID, "")) { try ReplyCheck.clientID("{00000000-0000-0000-0000-000000000000}", tenant: nil, source: "x") }
        #expect(throws: RepliesError(.clientIDIsTenantID, "")) { try ReplyCheck.clientID(tenant, tenant: .guid(tenant), source: "x") }
        #expect(throws: RepliesError(.microsoftAppID, "")) { try ReplyCheck.clientID("00000003-0000-0FF1-CE00-000000000000", tenant: nil, source: "x") }
        let error = #expect(throws: RepliesError.self) { try ReplyCheck.clientID("6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2", tenant: nil, source: "x") }
        #expect(error?.code.domain == .replies)
        #expect(error?.reason.contains("31 hex digits") == true)
    }

    @Test func thumbprints() throws {
        let thumbprint = "3F2A9C0D4E5B6A7980716253443526170819AABB"
        #expect(try ReplyCheck.thumbprint("3f:2a:9c:0d:4e:5b:6a:79:80:71:62:53:44:35:26:17:08:19:aa:bb", source: "x") == thumbprint)
        #expect(throws: RepliesError(.invalidThumbprint, "")) { try ReplyCheck.thumbprint(String(thumbprint.dropLast()), source: "x") }
        let sha256 = #expect(throws: RepliesError.self) { try ReplyCheck.thumbprint(String(repeating: "ab", count: 32), source: "x") }
        #expect(sha256?.code.domain == .replies)
        #expect(sha256.flatMap(Hint.text(for:))?.contains("SHA-256") == true)
        #expect(throws: Never.self) { try ReplyCheck.thumbprint(thumbprint, matches: thumbprint.lowercased(), request: "SPC-7K3D-Q9XA", source: "x") }
        let mismatch = #expect(throws: RepliesError.self) {
            try ReplyCheck.thumbprint(thumbprint, matches: String(repeating: "0", count: 40), request: "SPC-7K3D-Q9XA", source: "x")
        }
        #expect(mismatch?.code == .thumbprintMismatch)
        #expect(mismatch?.reason.contains(thumbprint) == true && mismatch?.reason.contains(String(repeating: "0", count: 40)) == true)
    }

    @Test func connectionNames() throws {
        #expect(try ReplyCheck.connectionName("contoso-reports") == "contoso-reports")
        #expect(try ReplyCheck.connectionName("Café Reports 2") == "Café Reports 2")
        for bad in ["", "a/b", "a\\b", "tab\there", "new\nline", "bell\u{7}", "del\u{7F}", " lead", "trail ", "-x", ".", "..",
                    String(repeating: "x", count: 65), "SPC-7K3D-Q9XA"] {
            #expect(throws: RepliesError(.repliesInvalidName, ""), "\(bad.debugDescription)") { try ReplyCheck.connectionName(bad) }
        }
        #expect(try ReplyCheck.connectionName(String(repeating: "x", count: 64)).count == 64)
    }

    @Test func derivedNames() {
        let domain = TenantReference.domain("contoso.onmicrosoft.com")
        #expect(ReplyCheck.derivedName(tenant: domain, requestTenant: "contoso.onmicrosoft.com", appName: "Reports", taken: []) == "contoso-reports")
        #expect(ReplyCheck.derivedName(tenant: .guid(tenant), requestTenant: "contoso.onmicrosoft.com", appName: "spconnect reports", taken: [])
                == "contoso-spconnect-reports")
        #expect(ReplyCheck.derivedName(tenant: .guid(tenant), requestTenant: tenant, appName: "reports", taken: []) == "72f988bf-reports")
        #expect(ReplyCheck.derivedName(tenant: domain, requestTenant: "", appName: "contoso-reports", taken: []) == "contoso-reports")
        // A default app name carries its request ID; the connection's name does not.
        #expect(ReplyCheck.derivedName(tenant: domain, requestTenant: "", appName: "spconnect-contoso SPC-7K3D-Q9XA", taken: [])
                == "spconnect-contoso")
        #expect(ReplyCheck.derivedName(tenant: domain, requestTenant: "", appName: "reports", taken: ["contoso-reports", "contoso-reports-2"])
                == "contoso-reports-3")
        #expect(ReplyCheck.derivedName(tenant: domain, requestTenant: "", appName: "Ünïcode ☃", taken: []) == "contoso-n-code")
        #expect(ReplyCheck.derivedName(tenant: domain, requestTenant: "", appName: "", taken: []) == "contoso")
        let long = ReplyCheck.derivedName(tenant: domain, requestTenant: "", appName: String(repeating: "a", count: 100),
                                          taken: ["contoso-" + String(repeating: "a", count: 56)])
        #expect(long.count <= 64 && long.hasSuffix("-2"))
        for name in [long, "contoso-reports"] { #expect(throws: Never.self) { try ReplyCheck.connectionName(name) } }
    }

    @Test func identifierFormats() {
        #expect(IdentifierFormat.guid(" {6F1D2C3B8A4E4F5A9B6C7D8E9F0A1B2C} ") == client)
        #expect(IdentifierFormat.guid("6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c-") == nil)
        #expect(IdentifierFormat.thumbprint("3F 2A") == nil)
        #expect(IdentifierFormat.domain("a.b") == nil)
        #expect(IdentifierFormat.domain("xn--bcher-kva.example") == "xn--bcher-kva.example")
    }
}
