// Issue 12, warnings before expiry: `spconnect status` (exit 0 fine, 1 ending within the
// window, 2 expired), its --within and --json, `connections --expiring`, and the one warning
// line every connection command prints for a connection whose certificate ends within 30 days.
// The connections are real: `request --days N` and an import of the admin's IDs; the expired
// one is a certificate Python's cryptography made to have ended an hour ago, seeded with its key.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct StatusTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"

    func json(_ result: RunResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// `request --days DAYS --json` (the home's own key, so no key is generated); returns the request's ID.
    func request(_ home: StoreHome, days: Int, site: String = "reports") throws -> String {
        let made = try home.run(["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                                 "--site", "https://contoso.sharepoint.com/sites/\(site)", "--from", "Dana <dana@contoso.com>",
                                 "--key", try home.makeKey(), "--days", "\(days)", "--json"])
        try #require(made.status == 0, "\(made)")
        return try #require(json(made)["id"] as? String, "\(made)")
    }

    /// A connection `name` whose certificate was made with `--days DAYS`: a request, then an
    /// import of the admin's IDs. Returns the certificate's thumbprint as `show --json` gives it.
    @discardableResult
    func connection(_ home: StoreHome, _ name: String, days: Int) throws -> String {
        let id = try request(home, days: days, site: name)
        let imported = try home.run(["import", "--request", id, "--tenant-id", Self.tenant, "--client-id", Self.client, "--name", name])
        try #require(imported.status == 0, "\(imported)")
        return try #require(json(try home.run(["show", name, "--json"]))["thumbprint"] as? String)
    }

    /// A connection whose certificate ended an hour ago (made by Python's cryptography with
    /// the home's key, seeded as `old-ID`): its name, thumbprint and notAfter per cryptography.
    func expiredConnection(_ home: StoreHome) throws -> (name: String, thumbprint: String, notAfter: String) {
        let key = try home.makeKey()
        let certificate = home.root.appendingPathComponent("expired.pem").path
        let script = """
            import datetime, sys
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.x509.oid import NameOID
            key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
            now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "expired")])
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                    .serial_number(x509.random_serial_number())
                    .not_valid_before(now - datetime.timedelta(days=2)).not_valid_after(now - datetime.timedelta(hours=1))
                    .sign(key, hashes.SHA256()))
            open(sys.argv[2], "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            print(cert.fingerprint(hashes.SHA1()).hex().upper())
            print(cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"))
            """
        let made = Subprocess.run(testPython, ["-c", script, key, certificate])
        try #require(made.status == 0, "\(made.stderr)")
        let lines = made.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(made.stdout)")
        let seeded = try home.run(["_dev", "seed", "--connections", "1", "--key", key, "--certificate", certificate, "--prefix", "old"])
        try #require(seeded.status == 0, "\(seeded)")
        return ("old-" + seeded.stdout.trimmingCharacters(in: .whitespacesAndNewlines), lines[0], lines[1])
    }

    /// The entries of `status --json` under `key`, by name (connections) or ID (requests).
    func entries(_ document: [String: Any], _ key: String = "connections") -> [String: [String: Any]] {
        var found: [String: [String: Any]] = [:]
        for entry in document[key] as? [[String: Any]] ?? [] {
            if let name = (entry["name"] ?? entry["id"]) as? String { found[name] = entry }
        }
        return found
    }

    @Test func exitCodesAndOutputAt40And20AndMinus1DaysLeft() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let fine = try connection(home, "fine", days: 40)

        // 40 days left: fine, exit 0.
        let allFine = try home.run(["status"])
        #expect(allFine.status == 0, "\(allFine)")
        #expect(allFine.stdout.contains("Every certificate is valid for more than 30 days."), "\(allFine)")
        let fineRow = allFine.stdout.split(separator: "\n").first { $0.hasPrefix("fine ") }.map(String.init) ?? ""
        #expect(fineRow.split(separator: " ", omittingEmptySubsequences: true).suffix(2) == ["40", "fine"], "\(allFine)")
        #expect(allFine.stderr.isEmpty, "\(allFine)")
        var document = json(try home.run(["status", "--json"]))
        #expect(document["state"] as? String == "fine" && document["window"] as? Int == 30, "\(document)")
        #expect(entries(document)["fine"]?["daysLeft"] as? Int == 40)
        #expect(entries(document)["fine"]?["thumbprint"] as? String == fine)

        // 20 days left: expiring, exit 1, with the command that renews it.
        try connection(home, "short", days: 20)
        let ending = try home.run(["status"])
        #expect(ending.status == 1, "\(ending)")
        let lines = ending.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "KIND", "UNTIL", "DAYS", "LEFT", "STATE"], "\(ending)")
        // Soonest first.
        #expect(lines.dropFirst().first?.hasPrefix("short ") == true && lines.dropFirst(2).first?.hasPrefix("fine ") == true, "\(ending)")
        #expect(lines.contains { $0.hasPrefix("short ends on ") && $0.contains("(20 days left); renew it: spconnect renew short") }, "\(ending)")
        #expect(!ending.stdout.contains("Every certificate"), "\(ending)")
        let endingJSON = try home.run(["status", "--json"])
        #expect(endingJSON.status == 1, "\(endingJSON)")
        document = json(endingJSON)
        #expect(document["state"] as? String == "expiring", "\(endingJSON)")
        #expect(entries(document)["short"]?["state"] as? String == "expiring")
        #expect(entries(document)["short"]?["daysLeft"] as? Int == 20)
        #expect(entries(document)["fine"]?["state"] as? String == "fine")

        // −1 days left: expired, exit 2.
        let old = try expiredConnection(home)
        let expired = try home.run(["status"])
        #expect(expired.status == 2, "\(expired)")
        #expect(expired.stdout.split(separator: "\n").dropFirst().first?.hasPrefix(old.name) == true, "\(expired)")
        #expect(expired.stdout.contains("\(old.name) expired on \(old.notAfter.prefix(10)); renew it through your admin: spconnect renew \(old.name) --via-admin --admin ADMIN-EMAIL"),
                "\(expired)")
        let expiredJSON = try home.run(["status", "--json"])
        #expect(expiredJSON.status == 2, "\(expiredJSON)")
        #expect(expiredJSON.stderr.isEmpty, "\(expiredJSON)")
        document = json(expiredJSON)
        #expect(document["state"] as? String == "expired", "\(expiredJSON)")
        let entry = try #require(entries(document)[old.name], "\(expiredJSON)")
        #expect(entry["daysLeft"] as? Int == -1 && entry["state"] as? String == "expired", "\(entry)")
        #expect(entry["thumbprint"] as? String == old.thumbprint, "\(entry)")
        #expect(entry["notAfter"] as? String == old.notAfter, "\(entry)")
        #expect(Set(entry.keys) == ["name", "thumbprint", "notAfter", "daysLeft", "state"], "\(entry)")
        #expect((document["connections"] as? [[String: Any]])?.map { $0["name"] as? String } == [old.name, "short", "fine"])
    }

    @Test func withinMovesTheWindowAndConnectionsExpiringAgrees() throws {
        let home = try StoreHome()
        defer { home.remove() }
        try connection(home, "fine", days: 40)
        try connection(home, "short", days: 20)
        for (window, status) in [(10, 0), (19, 0), (20, 1), (39, 1), (40, 1), (0, 0)] {
            let result = try home.run(["status", "--within", "\(window)", "--json"])
            #expect(result.status == Int32(status), "--within \(window): \(result)")
            let document = json(result)
            #expect(document["window"] as? Int == window)
            let expiring = entries(document).filter { $0.value["state"] as? String == "expiring" }.keys.sorted()
            // `connections --expiring N` lists the same connections.
            let listed = (json(try home.run(["connections", "--expiring", "\(window)", "--json"]))["connections"] as? [[String: Any]] ?? [])
                .compactMap { $0["name"] as? String }.sorted()
            #expect(expiring == listed, "--within \(window)")
            #expect(expiring == (window >= 40 ? ["fine", "short"] : window >= 20 ? ["short"] : []), "--within \(window)")
        }
        let text = try home.run(["status", "--within", "45"])
        #expect(text.status == 1 && text.stdout.contains("fine ends on "), "\(text)")
    }

    @Test func usageErrorsAndAMissingStoreAreToldApartFromAnExpiredCertificate() throws {
        let home = try StoreHome()
        defer { home.remove() }
        // No store yet (as when cron runs with another HOME): a failure, exit 1, an error document.
        let missing = try home.run(["status", "--json"])
        #expect(missing.status == 1, "\(missing)")
        let error = try #require(json(missing)["error"] as? [String: Any], "\(missing)")
        #expect(error["code"] as? String == "storeMissing" && json(missing)["state"] == nil, "\(missing)")
        #expect((error["hint"] as? String)?.contains("SPCONNECT_HOME") == true, "\(missing)")
        #expect(missing.errorLines.count == 1, "\(missing)")
        // A usage error exits 2, as an expired certificate does, but says so on stderr and in JSON.
        for arguments in [["status", "--within", "-1"], ["status", "--within", "soon"], ["status", "--within", "-1", "--json"]] {
            let refused = try home.run(arguments)
            #expect(refused.status == 2, "\(arguments): \(refused)")
            #expect(refused.stderr.contains("--within") || refused.stderr.contains("within"), "\(refused)")
            if arguments.contains("--json") {
                #expect((json(refused)["error"] as? [String: Any])?["code"] as? String == "usage", "\(refused)")
            } else {
                #expect(refused.stdout.isEmpty, "\(refused)")
            }
        }
        // An empty store: nothing ends, exit 0.
        #expect(try home.run(["init"]).status == 0)
        let empty = try home.run(["status"])
        #expect(empty.status == 0 && empty.stdout == "No connections and no pending requests.\n", "\(empty)")
        let emptyJSON = try home.run(["status", "--json"])
        #expect(emptyJSON.status == 0, "\(emptyJSON)")
        #expect(json(emptyJSON)["state"] as? String == "fine")
        #expect((json(emptyJSON)["connections"] as? [Any])?.isEmpty == true && (json(emptyJSON)["requests"] as? [Any])?.isEmpty == true)
    }

    @Test func pendingRequestsCountAndClosedOnesDoNot() throws {
        let home = try StoreHome()
        defer { home.remove() }
        let pending = try request(home, days: 10, site: "pending")
        let result = try home.run(["status", "--json"])
        #expect(result.status == 1, "\(result)")
        let entry = try #require(entries(json(result), "requests")[pending], "\(result)")
        #expect(entry["status"] as? String == "drafted" && entry["state"] as? String == "expiring" && entry["daysLeft"] as? Int == 10, "\(entry)")
        let text = try home.run(["status"])
        #expect(text.stdout.contains("request (drafted)") && text.stdout.contains("\(pending) ends on "), "\(text)")
        // Cancelled: no longer the admin's to act on, so no longer counted.
        #expect(try home.run(["cancel", pending]).status == 0)
        let after = try home.run(["status", "--json"])
        #expect(after.status == 0, "\(after)")
        #expect(entries(json(after), "requests").isEmpty, "\(after)")
    }

    // MARK: the one warning line

    @Test func anEndingConnectionWarnsOnceOnShowVerifyAndExport() throws {
        let home = try StoreHome()
        defer { home.remove() }
        try connection(home, "short", days: 20)
        let expected = "spconnect: warning: connection short: its certificate ends on "
        let app = home.root.appendingPathComponent("app.json").path
        var runs: [(String, RunResult)] = [
            ("show", try home.run(["show", "short"])),
            ("show --json", try home.run(["show", "short", "--json"])),
            ("export", try home.run(["export", "short", "--format", "json", "--out", app])),
        ]
        let stub = try EntraStub(app: app)
        runs.append(("verify", try home.run(["verify", "short", "--authority-host", stub.host, "--ca-file", stub.ca, "--site", stub.site("reports")],
                                            VerifyHome.loopback)))
        runs.append(("verify --json", try home.run(["verify", "short", "--authority-host", stub.host, "--ca-file", stub.ca, "--site", stub.site("reports"),
                                                    "--json"], VerifyHome.loopback)))
        for (label, run) in runs {
            #expect(run.status == 0, "\(label): \(run)")
            #expect(run.warningLines.count == 1, "\(label): \(run)")
            let line = run.warningLines.first ?? ""
            #expect(line.hasPrefix(expected) && line.hasSuffix("(20 days left); renew it with: spconnect renew short"), "\(label): \(line)")
            #expect(!run.stdout.contains("renew"), "\(label): the warning stays off standard output: \(run)")
            if label.hasSuffix("--json") {
                #expect(!json(run).isEmpty, "\(label): one JSON document on stdout: \(run)")
            }
        }
        // The date in the line is the certificate's, read by openssl.
        let certificate = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: app))) as? [String: Any])["certificate"] as? String
        let der = try #require(Data(base64Encoded: certificate ?? ""))
        let end = CLI.openssl("x509", "-inform", "DER", "-noout", "-enddate", "-dateopt", "iso_8601", stdin: Array(der))
        let day = String(end.stdout.split(separator: "=").last?.prefix(10) ?? "")
        #expect(day.count == 10 && runs[0].1.warningLines.first?.contains("ends on \(day) ") == true, "\(end) \(runs[0].1)")
        // The command to paste carries the --home given.
        let withHome = CLI.run(["--home", home.home, "show", "short"], environment: home.environment().filter { $0.key != "SPCONNECT_HOME" })
        #expect(withHome.warningLines.first?.hasSuffix("renew it with: spconnect --home \(home.home) renew short") == true, "\(withHome)")
        // Renamed: the warning names the new name.
        let renamed = try home.run(["connection", "rename", "short", "shorter"])
        #expect(renamed.status == 0 && renamed.warningLines.count == 1, "\(renamed)")
        #expect(renamed.warningLines.first?.hasSuffix("spconnect renew shorter") == true, "\(renamed)")
    }

    @Test func aFineConnectionHasNoWarningAndAnExpiredOneIsToldToGoThroughTheAdmin() throws {
        let home = try StoreHome()
        defer { home.remove() }
        try connection(home, "fine", days: 40)
        let app = home.root.appendingPathComponent("app.json").path
        var runs = [try home.run(["show", "fine"]), try home.run(["show", "fine", "--json"]),
                    try home.run(["export", "fine", "--format", "json", "--out", app])]
        let stub = try EntraStub(app: app)
        runs.append(try home.run(["verify", "fine", "--authority-host", stub.host, "--ca-file", stub.ca, "--site", stub.site("reports")], VerifyHome.loopback))
        for run in runs {
            #expect(run.status == 0, "\(run)")
            #expect(run.warningLines.isEmpty, "\(run)")
        }
        let old = try expiredConnection(home)
        let shown = try home.run(["show", old.name])
        #expect(shown.status == 0 && shown.warningLines.count == 1, "\(shown)")
        #expect(shown.warningLines.first == "spconnect: warning: connection \(old.name): its certificate expired on \(old.notAfter.prefix(10)) "
                + "and Entra ID refuses it; renew it through your admin with: spconnect renew \(old.name) --via-admin --admin ADMIN-EMAIL", "\(shown)")
        // Listing and deleting name no renewal.
        #expect(try home.run(["connections"]).warningLines.isEmpty)
        let deleted = try home.run(["connection", "delete", old.name, "--yes"])
        #expect(deleted.status == 0 && deleted.warningLines.isEmpty, "\(deleted)")
    }
}
