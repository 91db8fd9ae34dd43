import Foundation
import Testing
import TestSupport

/// `make install DESTDIR=…` (with the built binary): the binary, a man page generated from
/// the argument-parser definitions, and shell completions, each where the system looks.
@Suite("make install")
struct InstallTests {
    /// Runs `make install` into a fresh DESTDIR; generous time: the first run builds argument-parser's generate-manual.
    static let installed: (root: String, status: Int32, output: String) = {
        let root = makeTemporaryFolder("install")
        // 2026-01-01T00:00:00Z: the man page's date comes from it (reproducible builds).
        let make = Subprocess.run("/usr/bin/make", ["-C", packageRoot, "install", "BIN=\(CLI.binary)", "DESTDIR=\(root)", "PREFIX=/usr"],
                                  environment: ["SOURCE_DATE_EPOCH": "1767225600"], combineOutput: true, timeout: 1800)
        return (root, make.status, make.stdout)
    }()

    func path(_ relative: String) -> String { Self.installed.root + "/usr/" + relative }

    @Test func everythingIsInstalledWithItsMode() throws {
        try #require(Self.installed.status == 0, "\(Self.installed.output)")
        let expected = ["bin/spconnect": 0o755, "share/man/man1/spconnect.1": 0o644,
                        "share/bash-completion/completions/spconnect": 0o644,
                        "share/zsh/site-functions/_spconnect": 0o644, "share/fish/vendor_completions.d/spconnect.fish": 0o644]
        for (file, mode) in expected {
            #expect(Convert.mode(path(file)) == mode, "\(file)")
        }
        #expect(CLI.tool(path("bin/spconnect"), ["--version"]).stdout.hasPrefix("spconnect "))
        #expect(try String(contentsOfFile: path("share/zsh/site-functions/_spconnect"), encoding: .utf8).hasPrefix("#compdef spconnect"))
        #expect(try String(contentsOfFile: path("share/fish/vendor_completions.d/spconnect.fish"), encoding: .utf8).contains("complete -c 'spconnect'"))
    }

    @Test func theManPageRendersCleanlyAndNamesEveryCommand() throws {
        try #require(Self.installed.status == 0, "\(Self.installed.output)")
        let page = path("share/man/man1/spconnect.1")
        let lint = CLI.tool("groff", ["-mandoc", "-Tutf8", "-ww", "-z", page])
        #expect(lint.status == 0 && lint.stderr.isEmpty, "\(lint)")
        let rendered = CLI.tool("groff", ["-mandoc", "-Tutf8", "-P-cbou", page]).stdout
        #expect(rendered.contains("SPCONNECT(1)"))
        // Examples stay lines of their own, as in --help (not filled into the paragraph).
        #expect(rendered.contains("      spconnect cert new --name ci-bot --key-size 4096 --days 180 --json\n"), "\(rendered.prefix(2500))")
        let help = CLI.run(["--help"], environment: ["COLUMNS": "200"]).stdout
        let commands = help.components(separatedBy: "SUBCOMMANDS:").last?.split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst().prefix { !$0.isEmpty }.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) } ?? []
        #expect(commands.count >= 12, "\(help)")
        let entries = Set(rendered.split(separator: "\n").compactMap { line in
            line.hasPrefix("     ") && !line.hasPrefix("      ") ? line.split(separator: " ").first.map(String.init) : nil
        })
        for command in commands { #expect(entries.contains(command), "\(command) is not in the manual") }
        #expect(!rendered.contains("_dev"), "the hidden test helpers stay out of the manual")
        #expect(rendered.contains("Exit codes") || rendered.contains("EXIT STATUS"))
    }

    @Test func theManPageIsDatedBySourceDateEpoch() throws {
        try #require(Self.installed.status == 0, "\(Self.installed.output)")
        let page = try String(contentsOfFile: path("share/man/man1/spconnect.1"), encoding: .utf8)
        let dated = page.split(separator: "\n").filter { $0.hasPrefix(".Dd ") }
        #expect(dated == [".Dd January 1, 2026"], "\(dated)")
    }

    @Test func templatesHelpPointsToWhatAnInstalledSpconnectHas() {
        let help = CLI.run(["templates", "--help"], environment: ["COLUMNS": "200"]).stdout
        #expect(help.contains("spconnect templates show NAME --variables"), "\(help)")
        #expect(!help.contains("README"), "\(help)")
    }

    @Test func bashCompletesCommandsAndSubcommands() throws {
        try #require(Self.installed.status == 0, "\(Self.installed.output)")
        let script = path("share/bash-completion/completions/spconnect")
        func complete(_ words: [String]) -> [String] {
            let array = words.map { "'\($0)'" }.joined(separator: " ")
            let result = CLI.tool("bash", ["-c", "source '\(script)'; COMPREPLY=(); COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1); _spconnect spconnect \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"; printf '%s\\n' \"${COMPREPLY[@]}\""],
                                  environment: ["PATH": path("bin") + ":/usr/bin:/bin"])
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(Set(complete(["spconnect", "req"])) == ["request", "requests"])
        #expect(Set(complete(["spconnect", "templates", ""])).isSuperset(of: ["list", "show"]))
        #expect(complete(["spconnect", "verify", "x", "--ass"]) == ["--assertion"])
    }
}
