// What users copy from the browser, reduced to the site (or subsite) by SiteURL, the one
// place for it; SharePointSite (request) and verify read the same result.
import Testing
@testable import Entra
import Domain

struct SiteShape: Sendable, CustomTestStringConvertible {
    let given: String
    let site: String
    var testDescription: String { given }
}

let siteShapes: [SiteShape] = [
    // A library view, a list view, a page, a settings page.
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/Shared%20Documents/Forms/AllItems.aspx", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/Shared Documents/Forms/AllItems.aspx?viewid=1", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/Reports%20Archive/Forms/AllItems.aspx", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/Lists/Tasks/AllItems.aspx", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/SitePages/Home.aspx", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/_layouts/15/viewlsts.aspx?view=14", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/_layouts/15/settings.aspx", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/default.aspx", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/Shared Documents/2026/Q1", site: "https://contoso.sharepoint.com/sites/reports"),
    // Queries, fragments, trailing slashes, case.
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports?web=1", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/#/home", site: "https://contoso.sharepoint.com/sites/reports"),
    SiteShape(given: " https://Contoso.SharePoint.com/sites/Reports/ ", site: "https://contoso.sharepoint.com/sites/Reports"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/reports/SITEPAGES/home.ASPX", site: "https://contoso.sharepoint.com/sites/reports"),
    // Subsites, /teams/, the root site, OneDrive.
    SiteShape(given: "https://contoso.sharepoint.com/sites/a/b", site: "https://contoso.sharepoint.com/sites/a/b"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/a/b/SitePages/Home.aspx", site: "https://contoso.sharepoint.com/sites/a/b"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/a/b/Lists/Issues/AllItems.aspx", site: "https://contoso.sharepoint.com/sites/a/b"),
    SiteShape(given: "https://contoso.sharepoint.com/teams/finance/Shared%20Documents/Forms/AllItems.aspx", site: "https://contoso.sharepoint.com/teams/finance"),
    SiteShape(given: "https://contoso.sharepoint.com/teams/finance/_layouts/15/people.aspx", site: "https://contoso.sharepoint.com/teams/finance"),
    SiteShape(given: "https://contoso.sharepoint.com/SitePages/Home.aspx", site: "https://contoso.sharepoint.com"),
    SiteShape(given: "https://contoso.sharepoint.com/_layouts/15/sharepoint.aspx", site: "https://contoso.sharepoint.com"),
    SiteShape(given: "https://contoso.sharepoint.com/", site: "https://contoso.sharepoint.com"),
    SiteShape(given: "https://contoso-my.sharepoint.com/personal/dana_contoso_com/Documents/Forms/All.aspx", site: "https://contoso-my.sharepoint.com/personal/dana_contoso_com"),
    // A sharing link that names the item by its path.
    SiteShape(given: "https://contoso.sharepoint.com/:x:/r/sites/reports/_layouts/15/Doc.aspx?sourcedoc=%7B1%7D&action=default", site: "https://contoso.sharepoint.com/sites/reports"),
    // Other clouds and a loopback test host keep their host and port.
    SiteShape(given: "https://contoso.sharepoint.us/sites/ops/Lists/Tasks/AllItems.aspx", site: "https://contoso.sharepoint.us/sites/ops"),
    SiteShape(given: "https://127.0.0.1:8443/sites/x/SitePages/Home.aspx", site: "https://127.0.0.1:8443/sites/x"),
    // A site or subsite whose own name is a folder's name elsewhere, or has a dot.
    SiteShape(given: "https://contoso.sharepoint.com/sites/Forms", site: "https://contoso.sharepoint.com/sites/Forms"),
    SiteShape(given: "https://contoso.sharepoint.com/teams/forms/SitePages/Home.aspx", site: "https://contoso.sharepoint.com/teams/forms"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/hr/Pages", site: "https://contoso.sharepoint.com/sites/hr/Pages"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/Pages", site: "https://contoso.sharepoint.com/sites/Pages"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/Lists", site: "https://contoso.sharepoint.com/sites/Lists"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/hr/Forms", site: "https://contoso.sharepoint.com/sites/hr/Forms"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/Lists/Lists/Tasks/AllItems.aspx", site: "https://contoso.sharepoint.com/sites/Lists"),
    SiteShape(given: "https://contoso.sharepoint.com/teams/SitePages/Home.aspx", site: "https://contoso.sharepoint.com/teams/SitePages"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/team.one", site: "https://contoso.sharepoint.com/sites/team.one"),
    SiteShape(given: "https://contoso.sharepoint.com/sites/team.one/SitePages/Home.aspx", site: "https://contoso.sharepoint.com/sites/team.one"),
]

@Suite("page addresses reduced to their site")
struct SiteReductionTests {
    @Test(arguments: siteShapes)
    func reducedToTheSite(_ shape: SiteShape) throws {
        let site = try SiteURL(shape.given)
        #expect(site.url == shape.site)
        let trimmed = shape.given.trimmingCharacters(in: [" "])
        #expect(site.wasReduced == !(trimmed == shape.site || trimmed == shape.site + "/" || trimmed.lowercased() == shape.site.lowercased() + "/"))
        if site.wasReduced { #expect(SiteURL.reduction(of: shape.given) == shape.site) }
        guard site.host.hasSuffix(".sharepoint.com") || site.host.hasSuffix(".sharepoint.us") else { return }
        let cloud: Cloud = site.host.hasSuffix(".us") ? .usgov : .global
        #expect(try SharePointSite(shape.given, cloud: cloud).url == shape.site)
    }

    @Test func aSiteAddressIsNotReported() throws {
        for text in ["https://contoso.sharepoint.com/sites/reports", "https://contoso.sharepoint.com/sites/reports/", "https://contoso.sharepoint.com"] {
            #expect(try SiteURL(text).wasReduced == false)
            #expect(SiteURL.reduction(of: text) == nil)
        }
    }

    @Test(arguments: [
        "https://contoso.sharepoint.com/:f:/s/reports/EoAbCdEf123",       // a sharing link by token
        "https://contoso.sharepoint.com/:w:/g/EoAbCdEf123",
        "https://contoso.sharepoint.com/sites/reports/Archive/q1.xlsx",  // a file in a library of unknown name
        "https://contoso.sharepoint.com/sites/",                          // no site under the managed path
        "https://contoso.sharepoint.com/sites/team.one/Archive/q1.xlsx",
        "https://contoso.sharepoint.com/sites/_layouts/15/settings.aspx",
    ])
    func addressesThatNameNoSiteAreRefused(_ text: String) {
        #expect(throws: EntraError(.invalidValue, "")) { try SiteURL(text) }
        #expect(throws: EntraError(.invalidValue, "")) { try SharePointSite(text, cloud: .global) }
        #expect(SiteURL.reduction(of: text) == nil)
    }
}
