import Hints
import Testing
@testable import Entra
import Domain

@Suite struct CloudTests {
    @Test(arguments: [
        (Cloud.global, "login.microsoftonline.com", "graph.microsoft.com", "sharepoint.com", "https://entra.microsoft.com", "Global", "AzureCloud"),
        (Cloud.usgov, "login.microsoftonline.us", "graph.microsoft.us", "sharepoint.us", "https://entra.microsoft.us", "USGov", "AzureUSGovernment"),
        (Cloud.usgovdod, "login.microsoftonline.us", "dod-graph.microsoft.us", "sharepoint-mil.us", "https://entra.microsoft.us", "USGovDoD", "AzureUSGovernment"),
        (Cloud.china, "login.chinacloudapi.cn", "microsoftgraph.chinacloudapi.cn", "sharepoint.cn", "https://entra.microsoftonline.cn", "China", "AzureChinaCloud"),
    ])
    func hostsAndNames(cloud: Cloud, login: String, graph: String, sharePoint: String, admin: String, environment: String, azName: String) {
        #expect(cloud.loginHost == login)
        #expect(cloud.graphHost == graph)
        #expect(cloud.graphURL == "https://" + graph)
        #expect(cloud.sharePointSuffix == sharePoint)
        #expect(cloud.adminCenterURL == admin)
        #expect(cloud.graphPowerShellEnvironment == environment)
        #expect(cloud.azureCLICloudName == azName)
    }

    @Test func parsingAcceptsTheContractNamesOnly() throws {
        #expect(try Cloud(parsing: "usgovdod") == .usgovdod)
        #expect(try Cloud(parsing: "China") == .china)
        #expect(throws: EntraError(.unknownCloud, "")) { try Cloud(parsing: "gcchigh") }
        do {
            _ = try Cloud(parsing: "azure")
        } catch {
            #expect(error.reason == "unknown cloud azure")
            #expect(Hint.text(for: error)?.contains("global, usgov, usgovdod, china") == true)
        }
    }

    @Test func portalsDifferPerSovereignCloud() {
        #expect(Cloud.global.azurePortalURL == "https://portal.azure.com")
        #expect(Cloud.usgov.azurePortalURL == "https://portal.azure.us")
        #expect(Cloud.china.azurePortalURL == "https://portal.azure.cn")
    }
}
