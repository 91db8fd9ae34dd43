import Foundation
import Testing

/// Every library target has a DocC catalog, `Sources/MODULE/MODULE.docc/MODULE.md`, whose
/// symbol links name types the module declares and whose article links name articles of
/// the catalog. `docc convert` checks the same and more, but needs symbol graphs the test
/// command does not build; this keeps the catalogs from going stale between such runs.
@Suite("Each library has a DocC catalog whose links resolve")
struct DocCCatalogTests {
    @Test func everyLibraryHasACatalogWhoseLinksResolve() throws {
        let root = SourceTree.defaultRoot
        let manifest = try PackageManifest(text: String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8))
        let sources = try SourceTree(root: root)
        let libraries = manifest.targets.filter { target in
            target.kind == "target" && !target.isTest && sources.swiftFiles.contains { $0.module == target.name }
        }
        #expect(libraries.count >= 10, "found only \(libraries.count) Swift library targets in Package.swift")
        var problems: [String] = []
        for library in libraries {
            let catalog = root.appendingPathComponent("Sources/\(library.name)/\(library.name).docc")
            let page = catalog.appendingPathComponent("\(library.name).md")
            guard let text = try? String(contentsOf: page, encoding: .utf8) else {
                problems.append("\(library.name) has no catalog page Sources/\(library.name)/\(library.name).docc/\(library.name).md")
                continue
            }
            let articles = Set((try FileManager.default.contentsOfDirectory(atPath: catalog.path))
                .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) })
            let types = Self.declaredTypes(in: sources.swiftFiles.filter { $0.module == library.name })
            problems += Self.problems(page: text, module: library.name, types: types, articles: articles)
        }
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func aMissingTypeOrArticleOrTitleIsReported() {
        let page = """
            # ``Store``

            The store. See <doc:SEALING> and <doc:Gone>.

            ## Topics

            - ``Store``
            - ``Vanished``
            - ``Store/open(_:)``
            """
        #expect(Self.problems(page: page, module: "Vault", types: ["Store"], articles: ["Vault", "SEALING"]) == [
            "Vault.md: the title is not ``Vault``",
            "Vault.md: ``Vanished`` is not a type declared in Sources/Vault",
            "Vault.md: <doc:Gone> is not an article of Vault.docc",
        ])
    }

    /// What is wrong with a catalog's page: its title, and links to types (the first part
    /// of ``Type/member``) or articles that do not exist.
    static func problems(page: String, module: String, types: Set<String>, articles: Set<String>) -> [String] {
        var found: [String] = []
        if page.components(separatedBy: "\n").first != "# ``\(module)``" {
            found.append("\(module).md: the title is not ``\(module)``")
        }
        for match in page.matches(of: /``([A-Za-z_][A-Za-z0-9_]*)[^`]*``/).dropFirst() {
            let name = String(match.output.1)
            if !types.contains(name) { found.append("\(module).md: ``\(name)`` is not a type declared in Sources/\(module)") }
        }
        for match in page.matches(of: /<doc:([^>]+)>/) where !articles.contains(String(match.output.1)) {
            found.append("\(module).md: <doc:\(match.output.1)> is not an article of \(module).docc")
        }
        return found
    }

    /// The names of the types, protocols and extensions' namespaces the files declare.
    static func declaredTypes(in files: [SourceTree.File]) -> Set<String> {
        var names: Set<String> = []
        for file in files {
            for line in file.lines {
                if let match = line.firstMatch(of: /^\s*(?:@\w+\s+)*(?:(?:public|package|internal|final|indirect)\s+)*(?:struct|enum|class|protocol|actor)\s+([A-Za-z_][A-Za-z0-9_]*)/) {
                    names.insert(String(match.output.1))
                }
            }
        }
        return names
    }
}
