import ArgumentParser

/// A mistyped command (`spconnect reqest`) is a usage error that names the command meant.
enum UnknownCommand {
    /// Throws a usage error (exit 2, with `did you mean` and, under `--json`, the JSON error
    /// document, as ``ErrorReport`` writes every error) when a word in `arguments` stands
    /// where a command is expected and is none; returns otherwise, leaving everything else
    /// to the parser.
    static func check(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) throws(UsageError) {
        var command: any ParsableCommand.Type = SPConnect.self
        var path = ["spconnect"]
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            let subcommands = command.configuration.subcommands
            // argument-parser's own options (`--generate-completion-script bash`) are its business.
            if subcommands.isEmpty || word == "--" || word.hasPrefix("--generate-completion-script") { return }
            if word == "--home" { index += 2; continue }
            if word.hasPrefix("-") { index += 1; continue }
            if word == "help" { return }
            if let next = subcommands.first(where: { name(of: $0) == word }) {
                command = next
                path.append(word)
                index += 1
                continue
            }
            let visible = subcommands.filter { $0.configuration.shouldDisplay }.map(name(of:))
            let meant = suggestions(for: word, among: visible).map { (path + [$0]).joined(separator: " ") }
            let list = "'\(path.joined(separator: " ")) --help' lists them"
            let hint = meant.isEmpty ? list : "did you mean " + meant.map { "'\($0)'" }.joined(separator: " or ") + "? (\(list))"
            throw UsageError("\(path.joined(separator: " ")) has no command '\(word)'", hint: hint, code: "unknownCommand")
        }
    }

    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }

    /// The names closest to `word`: those it begins (at least 3 letters), else those within
    /// two edits of it (the fewest edits win).
    static func suggestions(for word: String, among names: [String]) -> [String] {
        let lower = word.lowercased()
        if lower.count >= 3 {
            let extended = names.filter { $0.hasPrefix(lower) }
            if !extended.isEmpty { return extended }
        }
        let scored = names.map { ($0, distance(lower, $0)) }.filter { $0.1 <= min(2, max(1, $0.0.count / 3)) }
        guard let best = scored.map(\.1).min() else { return [] }
        return scored.filter { $0.1 == best }.map(\.0)
    }

    /// The edit distance between `a` and `b`: insertions, deletions, substitutions and
    /// swaps of two neighbours (`nwe` is one edit from `new`).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
