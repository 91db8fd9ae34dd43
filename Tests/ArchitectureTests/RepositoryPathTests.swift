import Foundation
import Testing

/// Every path into the repository that the docs, the comments and the scripts name
/// (`Sources/…`, `Tests/…`, `scripts/…`, `templates/…`) exists, so a move or a rename
/// cannot leave a dead reference behind.
@Suite("Paths named in docs and comments exist")
struct RepositoryPathTests {
    /// The file kinds read: the docs, the Swift sources and tests, the scripts, the Makefile.
    static let suffixes = [".md", ".swift", ".py", ".sh", "Makefile"]
    /// Folders never read: build output and version control.
    static let skipped: Set<String> = [".build", ".git", ".swiftpm"]

    /// A path starting at one of the repository's top folders, not inside a longer path
    /// (`$SPCONNECT_HOME/templates/` is the user's folder, not this one).
    static let pattern = try! NSRegularExpression(pattern: #"(?<![\w/$.~-])(?:Sources|Tests|scripts|templates)/[A-Za-z0-9_./+*-]*"#)

    /// Names that stand for any name in a description ("Sources/MODULE/", "templates/NAME.mustache").
    static let placeholders = ["NAME", "MODULE", "SCRIPT", "*"]

    @Test func everyNamedPathExists() throws {
        let root = SourceTree.defaultRoot
        var problems: [String] = []
        var checked = 0
        for file in try Self.files(under: root) {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let named = Self.paths(in: text)
            checked += named.count
            for (line, path) in named where !FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
                problems.append("\(file):\(line): \(path) does not exist")
            }
        }
        #expect(checked > 50, "found only \(checked) paths: the pattern no longer matches the docs")
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func aDeadPathIsFoundAndPlaceholdersAreNot() {
        // Written in two pieces, so this file names no dead path itself.
        let dead = "scripts" + "/no_such_script.py"
        let text = """
            See Sources/Vault/Vault.docc/SEALING.md and `\(dead)`.
            A template goes in templates/NAME.mustache, a module in Sources/MODULE/;
            yours go in $SPCONNECT_HOME/templates/ or ~/templates/x.
            """
        #expect(Self.paths(in: text).map(\.path) == ["Sources/Vault/Vault.docc/SEALING.md", dead])
        #expect(Self.paths(in: text).map(\.line) == [1, 1])
    }

    /// The repository's files of the kinds read, relative to `root`, sorted.
    static func files(under root: URL) throws -> [String] {
        var found: [String] = []
        let manager = FileManager.default
        var queue = [""]
        while let folder = queue.popLast() {
            for name in try manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) where !skipped.contains(name) {
                let relative = folder.isEmpty ? name : folder + "/" + name
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    queue.append(relative)
                } else if suffixes.contains(where: { name.hasSuffix($0) }) {
                    found.append(relative)
                }
            }
        }
        return found.sorted()
    }

    /// The repository paths `text` names, with their line numbers; placeholders left out.
    static func paths(in text: String) -> [(line: Int, path: String)] {
        var found: [(Int, String)] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                guard let range = Range(match.range, in: line) else { continue }
                var path = String(line[range])
                while let last = path.last, ".,:;)".contains(last) { path.removeLast() }
                if placeholders.contains(where: { path.contains($0) }) { continue }
                found.append((index + 1, path))
            }
        }
        return found
    }
}
