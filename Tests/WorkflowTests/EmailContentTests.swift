import Foundation
import Testing
import Entra
@testable import Workflow
import Domain

/// What the email says, in which order, and how it looks.
@Suite struct EmailContentTests {
    /// The headings of the text part, in the order the issue asks for.
    static let order = ["FIRST: CHECK THAT THIS REQUEST IS GENUINE", "by another channel", "read the request ID and thumbprint from their own computer",
                        "Request ID: SPC-7K3D-Q9XA", "Certificate thumbprint (SHA-1)", "Certificate fingerprint (SHA-256)",
                        "needs the permission and the sites", "WHO ASKS AND WHY", "Why this is the least it needs", "WHAT YOU NEED TO DO",
                        "WAY A:", "WAY B:", "Unblock-File", "pwsh -File", "powershell -File", "-ExecutionPolicy", "WAY C:", ReplyBlock.beginMarker]

    @Test(arguments: PermissionProfile.allCases)
    func theTextSaysEverythingInOrder(profile: PermissionProfile) throws {
        let set = try Fixture.render(Fixture.request(profile: profile, api: .both))
        // The text as one line, so a phrase the wrapper broke still matches.
        let flat = set.text.replacingOccurrences(of: #"\n *"#, with: " ", options: .regularExpression)
        var position = flat.startIndex
        for heading in Self.order {
            let found = try #require(flat[position...].range(of: heading), "\(heading) missing or out of order")
            position = found.upperBound
        }
        for phrase in ["Dana Developer", "contoso-reports", profile.permissionName, "public certificate", "holds no secret",
                       "Never send a password", "valid until", "Upload certificate", "Grant admin consent for",
                       "Accounts in this organizational directory only (Single tenant)", "Application (client) ID",
                       "Directory (tenant) ID", "SharePoint > Application permissions", "Microsoft Graph > Application permissions"] {
            #expect(flat.contains(phrase), "\(phrase)")
        }
        #expect(flat.contains("Grant-PnPEntraIDAppSitePermission") == profile.needsSiteGrants)
        #expect(set.text.contains("/permissions") == profile.needsSiteGrants)
        #expect(set.text.contains(ReplyBlock.text(requestID: "SPC-7K3D-Q9XA")))
    }

    @Test func theHTMLSaysEverythingInTheSameOrder() throws {
        let set = try Fixture.render(Fixture.request(api: .both))
        var position = set.html.startIndex
        for heading in ["First: check that this request is genuine", "by another channel", "Request ID",
                        "Certificate thumbprint (SHA-1)", "Certificate fingerprint (SHA-256)", "needs the permission and the sites",
                        "Who asks and why", "Why this is the least it needs", "What you need to do",
                        "public certificate", "Way A:", "Upload certificate", "Grant admin consent for",
                        "Grant-PnPEntraIDAppSitePermission", "Way B:", "Unblock-File", "-SiteGrantsOnly", "Way C:",
                        "cannot do the site grants", ReplyBlock.beginMarker] {
            let found = try #require(set.html[position...].range(of: heading), "\(heading) missing or out of order")
            position = found.upperBound
        }
    }

    /// The least admin role per API, the client-secret sentence only where SharePoint is called,
    /// no legacy manifest, and the over-a-year warning only when it applies.
    @Test(arguments: APITarget.allCases)
    func theEmailNamesTheLeastRoleAndOnlyWhatApplies(api: APITarget) throws {
        for set in [try Fixture.render(Fixture.request(api: api)), try Fixture.render(Fixture.request(profile: .sitesReadAll, api: api))] {
            let flat = set.text.replacingOccurrences(of: #"\n *"#, with: " ", options: .regularExpression)
            for part in [flat, set.html] {
                #expect(part.contains("Privileged Role Administrator (consenting to Microsoft Graph") == (api != .sharepoint))
                #expect(part.contains("Cloud Application Administrator (it can register the application and consent to SharePoint") == (api == .sharepoint))
                #expect(part.contains("SharePoint refuses app-only access with a client secret") == (api != .graph))
                #expect(!part.contains("manifest"))
                #expect(!part.contains("THIS REQUEST CANNOT BE DONE") && !part.contains("cannot be done as it is"))
            }
            #expect(flat.contains("SharePoint Administrator for the site grants") == set.text.contains("-SiteGrantsOnly"))
        }
        var long = Fixture.request(profile: .sitesReadAll, api: api)
        long.certificate = Data(Fixture.longCertificate.der)
        long.thumbprint = Fixture.longCertificate.fingerprints.thumbprint
        let set = try InstructionRenderer.render(request: long, certificate: Fixture.longCertificate, templates: .shipped)
        let flat = set.text.replacingOccurrences(of: #"\n *"#, with: " ", options: .regularExpression)
        #expect(flat.contains("THIS REQUEST CANNOT BE DONE AS IT IS: its certificate is valid for 400 days"))
        #expect(flat.contains("Ask Dana Developer <dana@contoso.com> for a new request with --days 365 or less."))
        #expect(set.html.contains("its certificate is valid for 400 days"))
    }

    @Test(arguments: Cloud.allCases)
    func theTextWrapsAt78ExceptURLsAndTheReplyBlock(cloud: Cloud) throws {
        let set = try Fixture.render(Fixture.request(cloud: cloud, api: .both))
        var inReply = false
        for line in set.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(ReplyBlock.beginMarker) { inReply = true }
            if !inReply && line.count > 78 && !line.contains("://") {
                Issue.record("line of \(line.count) characters: \(line)")
            }
            if line.hasPrefix(ReplyBlock.endMarker) { inReply = false }
        }
        #expect(!set.text.contains("\r"))
        #expect(!set.text.split(separator: "\n").contains { $0.hasSuffix(" ") && !$0.hasSuffix(": ") })
    }

    @Test func wrappingKeepsLongWordsWholeAndIndentsListItems() {
        let url = "https://contoso.sharepoint.com/sites/" + String(repeating: "x", count: 90)
        let wrapped = PlainTextWrapper.wrap("- see " + url + " and then do what the message says at length here", width: 40)
        #expect(wrapped.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == url })
        #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("  ") })
        let reply = ReplyBlock.text(requestID: "SPC-7K3D-Q9XA", tenantID: String(repeating: "t", count: 90))
        #expect(PlainTextWrapper.wrap(reply, width: 40) == reply)
    }

    @Test func theHTMLLoadsNothingAndRunsNothing() throws {
        let set = try Fixture.render(Fixture.request(api: .both, appName: Fixture.hostileAppName, sites: [Fixture.hostileSite]))
        let html = set.html
        #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("src="))
        #expect(!html.lowercased().contains("<link"))
        #expect(!html.lowercased().contains("url("))
        #expect(!html.lowercased().contains("@import"))
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(hrefs) == ["https://entra.microsoft.com", "https://portal.azure.com"])
        // Every value a requester typed shows as text.
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("a&#39;b&quot;c;$(id)`x`&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains(Fixture.hostileAppName))
    }

    @Test func chromiumRendersTheHTMLAtAPhonesWidth() throws {
        guard Tool.path("chromium") != nil else {
            Issue.record("chromium is not on PATH; run scripts/deps.sh test")
            return
        }
        let folder = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shots = Fixture.repository.appendingPathComponent(".build/instructions-screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        for (name, request) in [("sites-selected", Fixture.request(api: .both)),
                                ("hostile", Fixture.request(appName: Fixture.hostileAppName, sites: [Fixture.hostileSite]))] {
            let page = folder.appendingPathComponent("\(name).html")
            try Fixture.render(request).html.write(to: page, atomically: true, encoding: .utf8)
            let png = shots.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: png)
            let profile = folder.appendingPathComponent("profile-\(name)").path
            let shot = try Tool.run("chromium", ["--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=\(profile)",
                                                 "--screenshot=\(png.path)", "--window-size=390,1200", page.absoluteString])
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(shot.output)")
            #expect(bytes.count > 20_000, "an almost empty screenshot")
            // The DOM Chromium built holds no script element and shows the hostile name as text.
            let dom = try Tool.run("chromium", ["--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=\(profile)",
                                                "--dump-dom", page.absoluteString])
            #expect(!dom.output.contains("<script"), "\(dom.output.prefix(2000))")
            #expect(dom.output.contains("Please register the app"))
        }
    }
}
