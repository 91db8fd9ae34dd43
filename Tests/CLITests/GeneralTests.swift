// `spconnect --version`, help pages, and usage errors.
import Testing

@Suite("version, help and usage errors")
struct GeneralTests {
    @Test func versionIsPrinted() {
        let result = CLI.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "spconnect 0.1.0\n", "\(result)")
    }

    @Test(arguments: [["--help"], ["cert", "--help"], ["cert", "new", "--help"], ["cert", "inspect", "--help"]])
    func helpShowsExamples(_ arguments: [String]) {
        let result = CLI.run(arguments)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Examples"), "\(result)")
        #expect(result.stdout.contains("  spconnect cert "), "a copy-pasteable example:\n\(result)")
    }

    @Test func newHelpListsEveryOption() {
        let help = CLI.run(["cert", "new", "--help"]).stdout
        for option in ["--name", "--key-size", "--days", "--out", "--force", "--json", "--password-file", "--key ", "--key-password-file",
                       "--insecure-no-key-password"] {
            #expect(help.contains(option), "\(option) missing from:\n\(help)")
        }
    }

    @Test(arguments: [["cert", "new"], ["cert", "new", "--name", "a", "--days", "many"], ["cert", "frobnicate"], ["cert", "inspect"],
                      ["cert", "new", "--name", "a", "--password", "secret"]])
    func usageErrorsExitWithTwo(_ arguments: [String]) {
        let result = CLI.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(!result.stderr.isEmpty && result.stdout.isEmpty, "\(result)")
    }
}
