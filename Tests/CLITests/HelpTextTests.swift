import Foundation
import Testing

/// Every command's `--help`, rendered as on an 80-column terminal: each example is a whole
/// command that can be pasted (a line of its own, or continued with `\`), naming a real
/// command and only its options; no option states its default twice.
@Suite("help text at 80 columns")
struct HelpTextTests {
    /// One command's help, as the user sees it at 80 columns.
    struct Page {
        let path: [String]
        let text: String

        var lines: [String] { text.components(separatedBy: "\n") }

        /// The lines under `Examples:` up to the next blank line.
        var examples: [String] {
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }) else { return [] }
            return Array(lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        }

        /// The names listed under `SUBCOMMANDS:`.
        var subcommands: [String] {
            section("SUBCOMMANDS:").compactMap { line in
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                return line.split(separator: " ").first.map(String.init)
            }
        }

        /// Every `--option` named under `OPTIONS:`.
        var options: Set<String> {
            Set(section("OPTIONS:").filter { $0.hasPrefix("  -") }.flatMap(HelpTextTests.longOptions))
        }

        /// Each option's entry under `OPTIONS:`, its wrapped lines joined.
        var optionEntries: [String] {
            var entries: [String] = []
            for line in section("OPTIONS:") {
                if line.hasPrefix("  -") { entries.append(line) } else if !entries.isEmpty { entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
            }
            return entries
        }

        private func section(_ title: String) -> [String] {
            guard let start = lines.firstIndex(of: title) else { return [] }
            return Array(lines[(start + 1)...].prefix { !$0.isEmpty && !($0.hasSuffix(":") && !$0.hasPrefix(" ")) })
        }
    }

    static func longOptions(_ line: String) -> [String] {
        line.matches(of: /--[a-z0-9][a-z0-9-]*/).map { String($0.output) }
    }

    /// Every command reachable from the root, depth first.
    static let pages: [Page] = {
        var found: [Page] = []
        var queue: [[String]] = [[]]
        while let path = queue.first {
            queue.removeFirst()
            let result = CLI.run(path + ["--help"], environment: ["COLUMNS": "80"])
            let page = Page(path: path, text: result.stdout)
            found.append(page)
            queue += page.subcommands.filter { $0 != "help" }.map { path + [$0] }
        }
        return found
    }()

    /// Splits a command line as a POSIX shell would (quotes, backslashes); nil when a quote is left open.
    static func words(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped { current.append(character); escaped = false; inWord = true; continue }
            if let open = quote {
                if character == open { quote = nil } else if character == "\\" && open == "\"" { escaped = true } else { current.append(character) }
                continue
            }
            switch character {
            case "'", "\"": quote = character; inWord = true
            case "\\": escaped = true
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(character); inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(current) }
        return words
    }

    @Test func everyCommandHasHelpAndTheTreeIsFound() {
        let paths = Self.pages.map { $0.path.joined(separator: " ") }
        for expected in ["", "init", "request", "instructions", "verify", "cert new"] {
            #expect(paths.contains(expected), "\(paths)")
        }
        for page in Self.pages { #expect(page.text.contains("USAGE:"), "\(page.path): \(page.text)") }
    }

    @Test func everyExampleIsAWholeCommandThatCanBePasted() throws {
        let byPath = Dictionary(Self.pages.map { ($0.path, $0) }) { first, _ in first }
        var checked = 0
        for page in Self.pages {
            // Join `\` continuations; a line that starts a command must be a command.
            var commands: [(text: String, lines: [String])] = []
            var continuing = false
            for line in page.examples {
                if continuing {
                    #expect(line.hasPrefix("    "), "\(page.path): a continuation is indented: \(line)")
                    commands[commands.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
                    commands[commands.count - 1].lines.append(line)
                } else {
                    #expect(line.hasPrefix("  ") && !line.hasPrefix("   "), "\(page.path): an example starts at the examples' indent (wrapped?): '\(line)'")
                    commands.append((line.trimmingCharacters(in: .whitespaces), [line]))
                }
                continuing = line.hasSuffix("\\")
                if continuing { commands[commands.count - 1].text.removeLast() }
            }
            #expect(!continuing, "\(page.path): the last example ends in a continuation")
            for (text, lines) in commands {
                let context = "\(page.path.joined(separator: " ")): \(lines.joined(separator: "\n"))"
                var words = try #require(Self.words(text), "unbalanced quotes: \(context)")
                // In a pipeline, the stage that runs spconnect.
                let stages = words.split(separator: "|").map(Array.init)
                words = stages.first { $0.contains("spconnect") } ?? words
                // In a command substitution ("Bearer $(spconnect token NAME)"), the command inside it.
                if !words.contains("spconnect"), let word = words.first(where: { $0.contains("$(spconnect ") }),
                   let start = word.range(of: "$(spconnect "), let end = word[start.upperBound...].firstIndex(of: ")") {
                    words = try #require(Self.words(String(word[word.index(start.lowerBound, offsetBy: 2)..<end])), "\(context)")
                }
                while let first = words.first, first.contains("="), !first.hasPrefix("-") { words.removeFirst() }   // VAR=value
                #expect(words.first == "spconnect", "\(context)")
                words.removeFirst()
                if words.first == "--home" { words.removeFirst(2) }
                var path: [String] = []
                while let next = words.first, byPath[path + [next]] != nil {
                    path.append(next)
                    words.removeFirst()
                }
                #expect(path.starts(with: page.path), "an example of another command: \(context)")
                let target = try #require(byPath[path], "\(context)")
                let known = target.options.union(["--home", "--help"])
                for word in words.prefix(while: { $0 != "--" }) where word.hasPrefix("--") {
                    let name = String(word.split(separator: "=", maxSplits: 1)[0])
                    #expect(known.contains(name), "\(name) is not an option of '\(path.joined(separator: " "))': \(context)")
                }
                checked += 1
            }
        }
        #expect(checked >= 20, "only \(checked) examples found")
    }

    @Test func noOptionStatesItsDefaultTwice() {
        for page in Self.pages {
            for entry in page.optionEntries {
                #expect(entry.components(separatedBy: "(default").count <= 2, "\(page.path): \(entry)")
            }
        }
    }

    @Test func initSaysItAsksTwice() {
        let root = Self.pages.first { $0.path.isEmpty }?.text ?? ""
        let lines = root.components(separatedBy: "\n")
        let start = lines.firstIndex { $0.hasPrefix("  init ") } ?? lines.endIndex
        let initLine = lines[start...].prefix { $0.hasPrefix("  init ") || $0.hasPrefix(String(repeating: " ", count: 26)) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(initLine.contains("twice"), "\(initLine)")
        #expect(!initLine.contains("once"), "\(initLine)")
    }
}
