import Foundation
import Testing

/// `ARCHITECTURE.md` says what each module may import; these tests hold it to
/// `Package.swift` and to the `import` lines of the sources, so the page cannot go stale.
///
/// `Package.swift` is read as text (``PackageManifest``), not through
/// `swift package dump-package`: the tests then need no `swift` on `PATH`, do not start a
/// second SwiftPM on the `.build` folder the running test holds, and do not depend on the
/// JSON layout of one SwiftPM version. The manifest is plain data in one style (each target
/// a `.target(name: "…", dependencies: […])` call), which the reader checks: a target call
/// it cannot read fails the test instead of being skipped.
@Suite("ARCHITECTURE.md matches Package.swift and the imports")
struct ArchitectureDocumentTests {
    static let root = SourceTree.defaultRoot

    @Test func theTableListsEveryTargetOfPackageSwiftWithItsDependencies() throws {
        let table = try ImportTable(markdown: String(contentsOf: Self.root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8))
        let manifest = try PackageManifest(text: String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8))
        #expect(manifest.targets.count >= 10, "read only \(manifest.targets.count) targets from Package.swift")
        let problems = Self.differences(table: table, manifest: manifest)
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyImportIsAllowedAndEveryAllowedModuleIsImported() throws {
        let table = try ImportTable(markdown: String(contentsOf: Self.root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8))
        let sources = try SourceTree(root: Self.root)
        let problems = Self.importProblems(table: table, sources: sources)
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    // MARK: - The checks can fail (each rule on a small made-up case)

    static let sampleTable = """
        | Module | May import |
        | --- | --- |
        | `Low` | — |
        | `High` | `Low`, `Other` |
        """

    @Test func aModuleMissingFromEitherSideOrADifferentDependencyIsReported() throws {
        let table = try ImportTable(markdown: Self.sampleTable)
        let manifest = try PackageManifest(text: """
            let package = Package(name: "x", targets: [
                .target(name: "Low"),
                .target(name: "High", dependencies: ["Low", .product(name: "Other", package: "other")]),
                .target(name: "New", dependencies: ["Low"]),
                .testTarget(name: "HighTests", dependencies: ["High"]),
            ])
            """)
        #expect(Self.differences(table: table, manifest: manifest) == [
            "Package.swift has the target New, which ARCHITECTURE.md does not list",
        ])
        let changed = try PackageManifest(text: """
            .target(name: "High", dependencies: ["Low"]),
            .target(name: "Gone", dependencies: []),
            """)
        #expect(Self.differences(table: table, manifest: changed) == [
            "ARCHITECTURE.md lists Low, which is not a target of Package.swift",
            "High: ARCHITECTURE.md allows Other, which Package.swift does not give it",
            "Package.swift has the target Gone, which ARCHITECTURE.md does not list",
        ])
    }

    @Test func aForbiddenImportAndAnUnusedAllowanceAreReported() throws {
        let table = try ImportTable(markdown: Self.sampleTable)
        let sources = SourceTree(files: [
            .init(module: "Low", relativePath: "Low/A.swift", lines: ["import Foundation", "import High", "", "struct A {}"]),
            .init(module: "High", relativePath: "High/B.swift", lines: ["// A comment", "#if canImport(Glibc)", "import Glibc", "#endif",
                                                                          "@preconcurrency internal import Low", "", "let s = \"\"\"", "import Other", "\"\"\""]),
        ])
        #expect(Self.importProblems(table: table, sources: sources) == [
            "Low/A.swift:2: Low imports High, which ARCHITECTURE.md does not allow it",
            "High: ARCHITECTURE.md allows Other, which no file under Sources/\("High") imports",
        ])
    }

    // MARK: - The rules

    /// The modules an import of which is not a dependency: the platform's own.
    static let systemModules: Set<String> = [
        "Swift", "_Concurrency", "Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch",
        "Synchronization", "Glibc", "Musl", "Darwin", "os", "RegexBuilder", "Observation",
    ]

    /// Where the table and the manifest disagree, one line each.
    static func differences(table: ImportTable, manifest: PackageManifest) -> [String] {
        var problems: [String] = []
        let targets = Dictionary(manifest.targets.filter { !$0.isTest }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for row in table.rows {
            guard let target = targets[row.module] else {
                problems.append("ARCHITECTURE.md lists \(row.module), which is not a target of Package.swift")
                continue
            }
            for name in row.allowed where !target.dependencies.contains(name) {
                problems.append("\(row.module): ARCHITECTURE.md allows \(name), which Package.swift does not give it")
            }
            for name in target.dependencies where !row.allowed.contains(name) {
                problems.append("\(row.module): Package.swift gives it \(name), which ARCHITECTURE.md does not allow")
            }
        }
        let listed = Set(table.rows.map(\.module))
        for target in manifest.targets where !target.isTest && !listed.contains(target.name) {
            problems.append("Package.swift has the target \(target.name), which ARCHITECTURE.md does not list")
        }
        return problems
    }

    /// Imports the table does not allow, and allowances no file uses. A module without Swift
    /// files (a C module) has no import lines to check.
    static func importProblems(table: ImportTable, sources: SourceTree) -> [String] {
        var problems: [String] = []
        for row in table.rows {
            let files = sources.swiftFiles.filter { $0.module == row.module }
            guard !files.isEmpty else { continue }
            var used: Set<String> = []
            for file in files {
                for (line, statement) in ImportHeader.imports(in: file.lines) where !systemModules.contains(statement.module) {
                    used.insert(statement.module)
                    if !row.allowed.contains(statement.module) {
                        problems.append("\(file.relativePath):\(line): \(row.module) imports \(statement.module), which ARCHITECTURE.md does not allow it")
                    }
                }
            }
            for name in row.allowed where !used.contains(name) {
                problems.append("\(row.module): ARCHITECTURE.md allows \(name), which no file under Sources/\(row.module) imports")
            }
        }
        return problems
    }
}

/// The table `| Module | May import |` of `ARCHITECTURE.md`: each row a module in backticks
/// and the modules it may import, in backticks and separated by commas, or `—` for none.
struct ImportTable {
    struct Row: Equatable {
        let module: String
        let allowed: [String]
    }

    let rows: [Row]

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    init(markdown: String) throws {
        let lines = markdown.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let header = lines.firstIndex(where: { Self.cells($0) == ["Module", "May import"] }) else {
            throw Unreadable(description: "ARCHITECTURE.md has no table headed | Module | May import |")
        }
        var rows: [Row] = []
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = Self.cells(line)
            guard cells.count == 2, let module = Self.names(cells[0]).first, Self.names(cells[0]).count == 1 else {
                throw Unreadable(description: "ARCHITECTURE.md: cannot read the row `\(line)`")
            }
            let allowed = Self.names(cells[1])
            guard !allowed.isEmpty || cells[1] == "—" else {
                throw Unreadable(description: "ARCHITECTURE.md: the row of \(module) names no module in backticks (write — for none)")
            }
            rows.append(Row(module: module, allowed: allowed))
        }
        guard !rows.isEmpty else { throw Unreadable(description: "ARCHITECTURE.md: the import table has no rows") }
        self.rows = rows
    }

    static func cells(_ line: String) -> [String] {
        guard line.hasPrefix("|"), line.hasSuffix("|"), line.count > 1 else { return [] }
        return line.dropFirst().dropLast().components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The words in backticks.
    static func names(_ cell: String) -> [String] {
        cell.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }
}

/// The targets of `Package.swift` and the names of their dependencies (a target's name, or
/// a product's, which for every package used here is also its module's).
struct PackageManifest {
    struct Target {
        let name: String
        let dependencies: [String]
        /// A test target, or a support target that lives under `Tests/`.
        let isTest: Bool
        /// `target`, `executableTarget`, `testTarget`, `systemLibrary`…
        var kind = "target"
    }

    let targets: [Target]

    static let kinds = ["target", "executableTarget", "testTarget", "systemLibrary", "binaryTarget", "plugin", "macro"]

    init(text: String) throws {
        let code = Self.withoutComments(text)
        var targets: [Target] = []
        var rest = code[...]
        while let call = rest.firstMatch(of: /\.(target|executableTarget|testTarget|systemLibrary|binaryTarget|plugin|macro)\(/) {
            let arguments = try Self.balanced(code, from: call.range.upperBound, open: "(", close: ")")
            rest = code[arguments.upperBound...]
            let body = code[arguments]
            guard let name = body.firstMatch(of: /^\s*name:\s*"([^"]+)"/)?.output.1 else {
                throw ImportTable.Unreadable(description: "Package.swift: a .\(call.output.1)( call whose first argument is not name: \"…\"")
            }
            var dependencies: [String] = []
            if let start = body.firstRange(of: /\bdependencies:\s*\[/) {
                let list = code[try Self.balanced(code, from: start.upperBound, open: "[", close: "]")]
                var depth = 0
                var index = list.startIndex
                while index < list.endIndex {
                    let character = list[index]
                    if character == "(" || character == "[" { depth += 1 }
                    if character == ")" || character == "]" { depth -= 1 }
                    if character == "\"", let end = list[list.index(after: index)...].firstIndex(of: "\"") {
                        let value = String(list[list.index(after: index)..<end])
                        // A bare "Name", or the name: of .product(…) / .target(…); not package: "…".
                        let before = list[..<index].trimmingCharacters(in: .whitespaces)
                        if depth == 0 || before.hasSuffix("name:") { dependencies.append(value) }
                        index = list.index(after: end)
                        continue
                    }
                    index = list.index(after: index)
                }
            }
            let path = body.firstMatch(of: /\bpath:\s*"([^"]+)"/).map { String($0.output.1) }
            targets.append(Target(name: String(name), dependencies: dependencies,
                                  isTest: call.output.1 == "testTarget" || path?.hasPrefix("Tests/") == true,
                                  kind: String(call.output.1)))
        }
        self.targets = targets
    }

    /// The range between the bracket opened just before `start` and its closing bracket.
    static func balanced(_ text: String, from start: String.Index, open: Character, close: Character) throws -> Range<String.Index> {
        var depth = 1
        var inString = false
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { inString.toggle() }
            if !inString {
                if character == open { depth += 1 }
                if character == close {
                    depth -= 1
                    if depth == 0 { return start..<index }
                }
            }
            index = text.index(after: index)
        }
        throw ImportTable.Unreadable(description: "Package.swift: an unclosed \(open)")
    }

    /// The text with its `//` comments removed (a `//` inside a string, as in a URL, stays).
    static func withoutComments(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line in
            var inString = false
            var previous: Character = " "
            var output = ""
            for character in line {
                if character == "\"" { inString.toggle() }
                if !inString && character == "/" && previous == "/" { output.removeLast(); break }
                output.append(character)
                previous = character
            }
            return output
        }.joined(separator: "\n")
    }
}

/// The `import` lines at the top of a Swift file: before its first line that is not blank, a
/// comment, a `#if`/`#elseif`/`#else`/`#endif` or an import (so a word "import" in a string
/// or a comment further down is not one).
enum ImportHeader {
    static func imports(in lines: [String]) -> [(line: Int, statement: ImportStatement)] {
        var found: [(Int, ImportStatement)] = []
        var inBlockComment = false
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if inBlockComment {
                if line.contains("*/") { inBlockComment = false }
                continue
            }
            if line.hasPrefix("/*") {
                inBlockComment = !line.contains("*/")
                continue
            }
            if line.isEmpty || line.hasPrefix("//") || line.hasPrefix("#if") || line.hasPrefix("#elseif")
                || line.hasPrefix("#else") || line.hasPrefix("#endif") {
                continue
            }
            guard let statement = ImportStatement(line) else { break }
            found.append((index + 1, statement))
        }
        return found
    }
}

extension SourceTree {
    /// This checkout's top folder, found from this file's own path (`Tests/ArchitectureTests/…`).
    static let defaultRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A made-up tree of `files`, for the tests of the rules themselves.
    init(files: [File]) {
        root = URL(fileURLWithPath: "/")
        swiftFiles = files
        cModules = []
    }
}
