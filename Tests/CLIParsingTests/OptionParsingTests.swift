// The command line's parsing rules, run in-process on `SPConnect.parseAsRoot`: the values
// the parser checks itself (the ExpressibleByArgument enums) and every `validate()` rule.
// Exit codes and terminals stay with the spawned tests in CLITests.
import ArgumentParser
import Certificates
import Entra
import Testing
import Workflow
@testable import spconnect

@Suite struct OptionParsingTests {
    static let request = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                          "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "dana@contoso.com"]

    /// Parses `arguments` as the command `T`.
    func parse<T: ParsableCommand>(_ arguments: [String], as type: T.Type) throws -> T {
        try #require(try SPConnect.parseAsRoot(arguments) as? T)
    }

    /// The message and exit code spconnect gives for what parsing `arguments` threw.
    func refusal(_ arguments: [String]) -> (message: String, exitCode: Int32)? {
        do {
            _ = try SPConnect.parseAsRoot(arguments)
            return nil
        } catch {
            let report = ErrorReport(parserError: error)
            return (report.message, report.exitCode)
        }
    }

    @Test func typedValuesAreParsedInTheirOwnSpelling() throws {
        #expect(try parse(["export", "x", "--format", "pem", "--out", "x.pem"], as: ExportCommand.self).format == .pem)
        #expect(try parse(["verify", "x", "--assertion", "RS256"], as: VerifyCommand.self).assertion == .rs256)
        #expect(try parse(["verify", "x", "--assertion", "ps256"], as: VerifyCommand.self).assertion == .ps256)
        #expect(try parse(["verify", "x"], as: VerifyCommand.self).assertion == nil)
        let request = try parse(Self.request + ["--cloud", "USGov", "--permission", "Sites-Read-All", "--transport", "outbox"], as: RequestCommand.self)
        #expect(request.cloud == .usgov)
        #expect(request.permission == .sitesReadAll)
        #expect(request.delivery.transport == .outbox)
        #expect(try parse(["send", "SPC-AAAA-BBBB", "--transport", "smtp"], as: SendCommand.self).delivery.transport == .smtp)
    }

    @Test(arguments: [
        (["export", "x", "--format", "docx", "--out", "x.docx"], "'docx'"),
        (["export", "x", "--format", "PFX", "--out", "x.pfx"], "'PFX'"),
        (["verify", "x", "--assertion", "hs256"], "'hs256'"),
        (request + ["--cloud", "mars"], "'mars'"),
        (request + ["--permission", "sites-everything"], "'sites-everything'"),
        (request + ["--transport", "pigeon"], "'pigeon'"),
        (["send", "SPC-AAAA-BBBB", "--transport", "carrier"], "'carrier'"),
    ])
    func anUnknownValueIsAUsageErrorNamingIt(_ arguments: [String], value: String) throws {
        let refused = try #require(refusal(arguments), "\(arguments) was accepted")
        #expect(refused.exitCode == 2)
        #expect(refused.message.contains(value), "\(refused.message)")
    }

    @Test(arguments: [
        (["export", "x", "--format", "pem", "--out", "x.pem", "--insecure-no-key-password", "--password-file", "pw"],
         "--insecure-no-key-password and --password-file contradict each other; give one."),
        (["export", "x", "--format", "json", "--out", "x.json", "--key-to-stdout"], "--key-to-stdout only applies to --out -."),
        (["verify", "x", "--timeout", "0"], "--timeout must be between 0 and 600 seconds."),
        (["verify", "x", "--timeout", "601"], "--timeout must be between 0 and 600 seconds."),
        (request + ["--smtp-port", "70000"], "--smtp-port must be from 1 to 65535."),
        (["send", "SPC-AAAA-BBBB", "--cc", "a@contoso.com", "--no-cc"], "--no-cc and --cc contradict each other; give one."),
        (["cert", "new", "--name", "a", "--key-password-file", "pw"], "--key-password-file needs --key."),
        (["cert", "new", "--name", "a", "--insecure-no-key-password", "--password-file", "pw"],
         "--insecure-no-key-password and --password-file contradict each other; give one."),
        (["connection", "set", "x"], "Give what to change: --client-id, --tenant-id, --object-id or --site."),
        (["renew", "x", "--days", "366"], "--days must be 1 to 365: Graph's addKey refuses a certificate valid for longer."),
        (["renew", "x", "--days", "0"], "--days must be 1 to 365: Graph's addKey refuses a certificate valid for longer."),
        (["renew", "x", "--key-size", "1024"], "--key-size must be 2048, 3072 or 4096."),
        (["renew", "x", "--retire", "--days", "30"], "--retire makes no certificate: leave out --days, --key-size and --key."),
        (["renew", "x", "--retire", "--key", "k.pem"], "--retire makes no certificate: leave out --days, --key-size and --key."),
        (["renew", "x", "--timeout", "0"], "--timeout must be between 0 and 600 seconds."),
        (["renew", "x", "--via-admin", "--retire"], "--via-admin asks the admin to add a certificate; --retire removes one with Graph: give one of them."),
        (["renew", "x", "--via-admin", "--graph-host", "graph.microsoft.us"], "--graph-host is for a renewal through Graph; --via-admin sends an email instead: leave it out."),
        (["renew", "x", "--via-admin", "--token-command", "az"], "--token-command is for a renewal through Graph; --via-admin sends an email instead: leave it out."),
        (["renew", "x", "--via-admin", "--ca-file", "ca.pem"], "--ca-file is for a renewal through Graph; --via-admin sends an email instead: leave it out."),
        (["renew", "x", "--via-admin", "--timeout", "45"], "--timeout is for a renewal through Graph; --via-admin sends an email instead: leave it out."),
        (["renew", "x", "--retire", "--token-command", "az"], "--token-command is for importing a renewed certificate into Azure Key Vault; --retire imports nothing: leave it out."),
        (["renew", "x", "--retire", "--connect-to", "10.0.0.5:443"], "--connect-to is for importing a renewed certificate into Azure Key Vault; --retire imports nothing: leave it out."),
        (["renew", "x", "--api", "graph"], "--api is for --via-admin (a request to the admin); add --via-admin, or leave it out."),
        (["renew", "x", "--via-admin", "--api", "sites"], "--api must be sharepoint, graph or both."),
        (["renew", "x", "--admin", "it@contoso.com"], "--admin is for --via-admin (a request to the admin); add --via-admin, or leave it out."),
        (["renew", "x", "--transport", "outbox"], "the delivery options (--transport, --smtp-host, --open…) are for --via-admin; add --via-admin, or leave them out."),
        (["renew", "x", "--connect-to", "vault"], "--connect-to takes HOST:PORT, e.g. --connect-to 10.0.0.5:443."),
        (["connections", "--expiring=-1"], "--expiring takes a number of days, 0 or more."),
        (["status", "--within=-1"], "--within takes a number of days, 0 or more."),
        (["import"], "Give the reply (a file, or - for standard input), or the values with --client-id (and --request, --tenant-id, --thumbprint)."),
    ])
    func aValidateRuleIsAUsageErrorWithItsMessage(_ arguments: [String], message: String) throws {
        let refused = try #require(refusal(arguments), "\(arguments) was accepted")
        #expect(refused.exitCode == 2)
        #expect(refused.message == message, "\(arguments)")
    }

    @Test func theRulesLetTheirGoodCombinationsThrough() throws {
        #expect(refusal(["export", "x", "--format", "pem", "--out", "-", "--key-to-stdout"]) == nil)
        #expect(refusal(["export", "x", "--format", "pem", "--out", "x.pem", "--insecure-no-key-password"]) == nil)
        #expect(refusal(["verify", "x", "--timeout", "600"]) == nil)
        #expect(refusal(Self.request + ["--smtp-port", "465"]) == nil)
        #expect(refusal(["connections", "--expiring", "0"]) == nil)
        #expect(refusal(["status", "--within", "0", "--json"]) == nil)
        #expect(try parse(["status"], as: StatusCommand.self).within == 30)
        #expect(try parse(["status", "--within", "7"], as: StatusCommand.self).within == 7)
        #expect(refusal(["import", "reply.eml"]) == nil)
        #expect(refusal(["renew", "x", "--days", "365", "--key-size", "4096"]) == nil)
        #expect(refusal(["renew", "x", "--retire"]) == nil)
        #expect(refusal(["renew", "x", "--via-admin", "--admin", "it@contoso.com", "--transport", "outbox", "--days", "180"]) == nil)
        #expect(refusal(["renew", "x", "--token-command", "az", "--connect-to", "10.0.0.5:443", "--ca-file", "ca.pem", "--timeout", "45"]) == nil)
        #expect(refusal(["renew", "x", "--via-admin", "--api", "both"]) == nil)
        #expect(refusal(["renew", "x", "--token-command", "az account get-access-token", "--connect-to", "10.0.0.5:443", "--timeout", "60"]) == nil)
    }
}
