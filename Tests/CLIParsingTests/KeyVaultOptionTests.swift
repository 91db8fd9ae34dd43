// `export --to azure-keyvault`'s parsing rules, in process: which flags go with it, and the
// values refused before anything is opened.
import ArgumentParser
import Testing
@testable import spconnect

@Suite struct KeyVaultOptionTests {
    static let base = ["export", "x", "--to", "azure-keyvault", "--vault", "https://contoso-kv.vault.azure.net"]

    /// The message and exit code of a refusal, as OptionParsingTests reads them.
    func refusal(_ arguments: [String]) -> (message: String, exitCode: Int32)? {
        OptionParsingTests().refusal(arguments)
    }

    @Test(arguments: [
        (["export", "x", "--to", "azure-keyvault"], "--to azure-keyvault needs --vault URL, e.g. --vault https://NAME.vault.azure.net."),
        (base + ["--format", "pfx"], "--format writes a file; --to azure-keyvault writes none (Key Vault gets a PFX under a random password). Give one or the other."),
        (base + ["--out", "x.pfx"], "--out writes a file; --to azure-keyvault writes none (Key Vault gets a PFX under a random password). Give one or the other."),
        (base + ["--password-file", "pw"], "--password-file writes a file; --to azure-keyvault writes none (Key Vault gets a PFX under a random password). Give one or the other."),
        (["export", "x", "--format", "pfx", "--out", "x.pfx", "--vault", "https://contoso-kv.vault.azure.net"], "--vault only applies to --to azure-keyvault."),
        (["export", "x", "--format", "json", "--out", "x.json", "--token-command", "true"], "--token-command only applies to --to azure-keyvault."),
        (["export", "x", "--out", "x.json"], "Missing expected argument '--format <format>' (or --to azure-keyvault)."),
        (["export", "x", "--format", "json"], "Missing expected argument '--out <file>'."),
        (base + ["--connect-to", "127.0.0.1"], "--connect-to takes HOST:PORT, e.g. --connect-to 10.0.0.5:443."),
        (base + ["--connect-to", "127.0.0.1:0"], "--connect-to takes HOST:PORT, e.g. --connect-to 10.0.0.5:443."),
        (base + ["--timeout", "0"], "--timeout must be between 0 and 600 seconds."),
        (base + ["--token-command", " "], "--token-command needs a command, e.g. --token-command 'az account get-access-token --resource https://vault.azure.net --query accessToken -o tsv'."),
    ])
    func aRuleOfTheKeyVaultExportIsAUsageError(_ arguments: [String], message: String) throws {
        let refused = try #require(refusal(arguments), "\(arguments) was accepted")
        #expect(refused.exitCode == 2)
        #expect(refused.message == message, "\(arguments)")
    }

    @Test(arguments: ["reports_app", "reports app", "", String(repeating: "a", count: 128), "réports"])
    func aCertificateNameOutsideKeyVaultsPatternIsRefused(_ name: String) throws {
        let refused = try #require(refusal(Self.base + ["--certificate-name", name]), "\(name) was accepted")
        #expect(refused.exitCode == 2)
        #expect(refused.message.contains("letters, digits and hyphens"), "\(refused.message)")
    }

    @Test func theGoodCombinationsGoThrough() throws {
        #expect(refusal(Self.base) == nil)
        #expect(refusal(Self.base + ["--certificate-name", "Reports-2025", "--token-command", "az account get-access-token",
                                     "--ca-file", "ca.pem", "--connect-to", "10.0.0.5:443", "--timeout", "600", "--json"]) == nil)
        #expect(refusal(["export", "x", "--format", "pfx", "--out", "x.pfx"]) == nil)
    }
}
