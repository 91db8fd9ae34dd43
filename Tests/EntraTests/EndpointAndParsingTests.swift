// Clouds, site addresses, access-token payloads, HTTP dates and form encoding.
import Foundation
import Testing
@testable import Entra

@Suite("endpoints and parsing")
struct EndpointAndParsingTests {
    @Test(arguments: [("global", "login.microsoftonline.com", "sharepoint.com"), ("usgov", "login.microsoftonline.us", "sharepoint.us"),
                      ("usgovdod", "login.microsoftonline.us", "sharepoint-mil.us"), ("china", "login.chinacloudapi.cn", "sharepoint.cn")])
    func eachCloudHasItsLoginHostAndSharePointSuffix(_ cloud: String, _ login: String, _ suffix: String) throws {
        let endpoints = try VerifyEndpoints(cloud: cloud)
        #expect(endpoints.loginHost == login)
        #expect(endpoints.sharePointSuffix == suffix)
        #expect(endpoints.tokenEndpoint(tenant: "contoso.onmicrosoft.com") == "https://\(login)/contoso.onmicrosoft.com/oauth2/v2.0/token")
        #expect(endpoints.isSharePointHost("contoso.\(suffix)"))
        #expect(!endpoints.isSharePointHost("contoso.example.com"))
    }

    @Test func anAuthorityHostReplacesTheLoginHostOnly() throws {
        let endpoints = try VerifyEndpoints(cloud: "usgov", authorityHost: "127.0.0.1:8443")
        #expect(endpoints.tokenEndpoint(tenant: "t") == "https://127.0.0.1:8443/t/oauth2/v2.0/token")
        #expect(endpoints.sharePointSuffix == "sharepoint.us")
        #expect(try VerifyEndpoints(cloud: "global", authorityHost: "https://login.example").loginHost == "login.example")
        #expect(throws: EntraError(.invalidValue, "")) { try VerifyEndpoints(cloud: "global", authorityHost: "host/path") }
        #expect(throws: EntraError(.unknownCloud, "")) { try VerifyEndpoints(cloud: "germany") }
    }

    @Test func siteAddressesGiveTheScopeOfTheirHost() throws {
        let site = try SiteURL(" https://Contoso.SharePoint.com/sites/Reports/?web=1#x ")
        #expect(site.host == "contoso.sharepoint.com")
        #expect(site.path == "/sites/Reports")
        #expect(site.scope == "https://contoso.sharepoint.com/.default")
        #expect(site.webTitleURL == "https://contoso.sharepoint.com/sites/Reports/_api/web?$select=Title")
        #expect(try SiteURL("https://127.0.0.1:8443/sites/x").scope == "https://127.0.0.1:8443/.default")
        #expect(try SiteURL("https://contoso.sharepoint.com").webTitleURL == "https://contoso.sharepoint.com/_api/web?$select=Title")
        for bad in ["http://contoso.sharepoint.com/sites/x", "contoso.sharepoint.com", "https://", "https://user@host/sites/x", ""] {
            #expect(throws: EntraError(.invalidValue, ""), "\(bad)") { try SiteURL(bad) }
        }
    }

    @Test func accessTokenPayloadsGiveRolesAndExpiry() {
        func jwt(_ claims: String) -> String { "eyJhbGciOiJSUzI1NiJ9." + Fixture.base64URL(Array(claims.utf8)) + ".c2ln" }
        let token = AccessToken(value: jwt(#"{"aud":"https://contoso.sharepoint.com","roles":["Sites.Selected","Sites.Read.All"],"exp":1790032400,"tid":"t","appid":"a"}"#))
        #expect(token.decoded)
        #expect(token.roles == ["Sites.Selected", "Sites.Read.All"])
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_790_032_400))
        #expect(token.audience == "https://contoso.sharepoint.com" && token.tenantID == "t" && token.appID == "a")
        #expect(!token.description.contains(token.value))

        let noRoles = AccessToken(value: jwt(#"{"aud":["x"],"azp":"b"}"#), expiresIn: 60, now: Date(timeIntervalSince1970: 100))
        #expect(noRoles.roles.isEmpty && noRoles.appID == "b" && noRoles.audience == "x")
        #expect(noRoles.expiresAt == Date(timeIntervalSince1970: 160), "no exp: now + expires_in")

        let opaque = AccessToken(value: "not-a-jwt", expiresIn: nil)
        #expect(!opaque.decoded && opaque.roles.isEmpty && opaque.expiresAt == nil)
    }

    @Test func httpDatesAreRead() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 23:59:59 GMT") == Date(timeIntervalSince1970: 1_709_251_199))
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("") == nil)
    }

    @Test func formValuesAreURLEncoded() {
        #expect(HTTPClient.formEncode("https://x/.default") == "https%3A%2F%2Fx%2F.default")
        #expect(HTTPClient.formEncode("a b+c=d&é") == "a+b%2Bc%3Dd%26%C3%A9")
        #expect(HTTPClient.formEncode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                == "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
    }

    @Test func transportFailuresHaveTheirOwnCodes() throws {
        let client = try HTTPClient(options: HTTPClient.Options(connectTimeout: 2, totalTimeout: 2))
        #expect(throws: EntraError(.connectionFailed, "")) { try client.get("https://127.0.0.1:1/") }
        #expect(throws: EntraError(.invalidValue, "")) { try client.get("http://127.0.0.1/") }
        #expect(throws: EntraError(.caFileUnreadable, "")) { try HTTPClient(options: HTTPClient.Options(caFile: "/nonexistent/ca.pem")) }
        #expect(throws: EntraError(.caFileUnreadable, "")) { try HTTPClient(options: HTTPClient.Options(caFile: "/etc/hostname")) }
    }
}
