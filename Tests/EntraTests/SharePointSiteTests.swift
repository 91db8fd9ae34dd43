import Testing
@testable import Entra
import Domain

@Suite struct SharePointSiteTests {
    @Test func parsesSitesAndTheRootSite() throws {
        let site = try SharePointSite("https://Contoso.SharePoint.com/sites/Team%20Site/", cloud: .global)
        #expect(site.hostName == "contoso.sharepoint.com")
        #expect(site.path == "/sites/Team Site")
        #expect(site.url == "https://contoso.sharepoint.com/sites/Team%20Site")
        #expect(site.graphLookupPath == "sites/contoso.sharepoint.com:/sites/Team%20Site")
        let root = try SharePointSite("https://contoso.sharepoint.us", cloud: .usgov)
        #expect(root.path == "")
        #expect(root.graphLookupPath == "sites/contoso.sharepoint.us")
        #expect(try SharePointSite("https://army.sharepoint-mil.us/teams/ops", cloud: .usgovdod).path == "/teams/ops")
    }

    @Test func hostileCharactersStayInThePathAndAreEncodedForGraph() throws {
        let site = try SharePointSite("https://contoso.sharepoint.com/sites/a'\";$(id)`x`<script>", cloud: .global)
        #expect(site.path == "/sites/a'\";$(id)`x`<script>")
        #expect(site.graphLookupPath == "sites/contoso.sharepoint.com:/sites/a%27%22%3B%24%28id%29%60x%60%3Cscript%3E")
    }

    @Test(arguments: [
        ("http://contoso.sharepoint.com/sites/a", Cloud.global),
        ("https://contoso.sharepoint.com/sites/a", Cloud.usgov),
        ("https://evil.com/?x=.sharepoint.com", Cloud.global),
        ("https://a.b.sharepoint.com/sites/a", Cloud.global),
        ("https://contoso.sharepoint.com.evil.com/sites/a", Cloud.global),
        ("https://contoso.sharepoint.com/sites/a\nb", Cloud.global),
        ("https://contoso.sharepoint.com/sites/%0a", Cloud.global),
        ("https://contoso.sharepoint.com/sites/../x", Cloud.global),
        ("https://user@contoso.sharepoint.com/sites/a", Cloud.global),
    ])
    func refusesWhatCannotBeGranted(text: String, cloud: Cloud) {
        #expect(throws: EntraError(.invalidValue, "")) { try SharePointSite(text, cloud: cloud) }
    }
}
