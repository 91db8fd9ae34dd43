import Testing
@testable import Entra
import Domain

@Suite struct PermissionProfileTests {
    static let expected: [PermissionProfile: (graph: String, sharePoint: String)] = [
        .sitesSelected: ("883ea226-0bf2-4a8f-9f9d-92c9162a727d", "20d37865-089c-4dee-8c41-6967602d4ac8"),
        .sitesReadAll: ("332a536c-c7ef-4017-ab91-336970924f0d", "d13f72ca-a275-4b96-b789-48ebcc4da984"),
        .sitesReadWriteAll: ("9492366f-7969-46a4-8d15-ed1a20078fff", "fbcd29d2-fcca-4405-aded-518d457caae4"),
        .sitesManageAll: ("0c0bf378-bf22-4481-8f81-9e89a9b4960a", "9bff6588-13f2-4c48-bbf2-ddab62256b36"),
        .sitesFullControlAll: ("a82116e5-55eb-4c41-a434-62fe8a61c773", "678536fe-1083-478a-9c59-b99265e6b0d3"),
    ]

    @Test(arguments: PermissionProfile.allCases)
    func everyProfileMapsToItsRolesOnEachAPI(profile: PermissionProfile) throws {
        let ids = try #require(Self.expected[profile])
        #expect(profile.appRoles(for: .sharepoint).map(\.id) == [ids.sharePoint])
        #expect(profile.appRoles(for: .graph).map(\.id) == [ids.graph])
        #expect(profile.appRoles(for: .both).map(\.id) == [ids.sharePoint, ids.graph])
        #expect(profile.appRoles(for: .both).allSatisfy { $0.name == profile.permissionName })
        #expect(profile.appRoles(for: .both).map(\.resource) == [.sharePoint, .microsoftGraph])
    }

    @Test func idsAreLowerCaseGUIDsAndUnique() {
        let ids = AppRoleCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let parts = id.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase }, "\(id)")
        }
        // The delegated Sites.Manage.All scope must never appear as an app role.
        #expect(!ids.contains("65e50fdc-43b7-4915-933e-e8138f11f40a"))
    }

    @Test func resourceAppIDs() {
        #expect(ResourceAPI.sharePoint.appID == "00000003-0000-0ff1-ce00-000000000000")
        #expect(ResourceAPI.microsoftGraph.appID == "00000003-0000-0000-c000-000000000000")
        #expect(ResourceAPI.sharePoint.portalName == "SharePoint")
    }

    @Test func onlySitesSelectedNeedsSiteGrants() {
        #expect(PermissionProfile.allCases.filter(\.needsSiteGrants) == [.sitesSelected])
    }

    @Test func parsing() throws {
        #expect(try PermissionProfile(parsing: "sites-readwrite-all") == .sitesReadWriteAll)
        #expect(throws: EntraError(.unknownProfile, "")) { try PermissionProfile(parsing: "Sites.Selected") }
        #expect(try SiteRole(parsing: "FullControl") == .fullcontrol)
        #expect(throws: EntraError(.unknownRole, "")) { try SiteRole(parsing: "owner") }
        #expect(try APITarget(parsing: "both").resources == [.sharePoint, .microsoftGraph])
        #expect(throws: EntraError(.invalidValue, "")) { try APITarget(parsing: "rest") }
        #expect(SiteRole.allCases.map(\.pnpName) == ["Read", "Write", "Manage", "FullControl"])
    }
}
