import Foundation
import Testing
@testable import Workflow

/// The app a request asks for: a default name unique to the request, and an existing app only
/// when named by its client ID.
@Suite struct RequestPlanAppTests {
    static func options(appName: String? = nil, clientID: String? = nil) -> RequestPlan.Options {
        var options = RequestPlan.Options(tenant: "contoso.onmicrosoft.com", admins: ["admin@contoso.com"])
        options.sites = ["https://contoso.sharepoint.com/sites/Finance"]
        options.from = "Dana Developer <dana@contoso.com>"
        options.appName = appName
        options.clientID = clientID
        return options
    }

    @Test func theDefaultNameCarriesTheRequestIDSoTwoRequestsNeverShareAnApp() throws {
        let plan = try RequestPlan(Self.options())
        #expect(plan.appName(requestID: "SPC-7K3D-Q9XA") == "spconnect-contoso SPC-7K3D-Q9XA")
        #expect(plan.appName(requestID: "SPC-2NDR-EQST") != plan.appName(requestID: "SPC-7K3D-Q9XA"))
        #expect(plan.commonName(requestID: "SPC-7K3D-Q9XA") == "spconnect-contoso SPC-7K3D-Q9XA")
        #expect(plan.appName(requestID: "SPC-7K3D-Q9XA").count <= RequestPlan.maximumAppNameLength)
        let long = try RequestPlan(RequestPlan.Options(tenant: String(repeating: "a", count: 60) + ".onmicrosoft.com", admins: ["a@b.com"])
            .with { $0.sites = ["https://x.sharepoint.com/sites/a"]; $0.from = "a@b.com" })
        #expect(long.appName(requestID: "SPC-7K3D-Q9XA").count <= RequestPlan.maximumAppNameLength)
        let named = try RequestPlan(Self.options(appName: "contoso-reports"))
        #expect(named.appName(requestID: "SPC-7K3D-Q9XA") == "contoso-reports")
        #expect(named.commonName(requestID: "SPC-7K3D-Q9XA") == "contoso-reports (SPC-7K3D-Q9XA)")
    }

    @Test func aClientIDMustBeAGUID() throws {
        #expect(try RequestPlan(Self.options(clientID: " 77777777-0000-4000-8000-00000000000B ")).clientID == "77777777-0000-4000-8000-00000000000b")
        #expect(try RequestPlan(Self.options()).clientID == nil)
        for bad in ["", "contoso-reports", "77777777-0000-4000-8000-00000000000", "77777777-0000-4000-8000-00000000000g"] {
            #expect(throws: WorkflowError(.invalidOption, "")) { try RequestPlan(Self.options(clientID: bad)) }
        }
    }
}

extension RequestPlan.Options {
    func with(_ change: (inout RequestPlan.Options) -> Void) -> RequestPlan.Options {
        var copy = self
        change(&copy)
        return copy
    }
}
