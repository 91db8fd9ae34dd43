import Foundation
import Testing
@testable import Workflow
import Templates
import TestSupport

/// `templates/README.md` lists every variable the renderer gives the templates and every
/// variable a shipped template uses, and nothing else: a name added to
/// ``InstructionValues`` or to a template without a line in the README fails, and so does a
/// name the README keeps after the renderer dropped it.
@Suite("templates/README.md lists every template variable")
struct TemplateGuideTests {
    static let folder = packageRootURL.appendingPathComponent("templates")

    @Test func theReadmeListsWhatTheRendererGivesAndTheTemplatesUse() throws {
        let guide = try TemplateGuide(markdown: String(contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8))
        #expect(guide.names.count > 50, "read only \(guide.names.count) names from the README's Variables section")
        #expect(!guide.suffixes.isEmpty, "the README's Variables section names no quoted form (`NAMESh`…)")

        let given = try Self.givenNames()
        var used: [String: [String]] = [:]
        for name in TemplateName.allCases {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name.fileName), encoding: .utf8)
            for variable in TemplateCatalog.variables(in: text) { used[variable, default: []].append(name.rawValue) }
        }
        #expect(used.count > 30, "read only \(used.count) variables from the templates")
        let problems = guide.problems(given: given, used: used)
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func theReadmeListsEveryTemplate() throws {
        let readme = try String(contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
        let listed = readme.components(separatedBy: "\n").compactMap { line in
            line.firstMatch(of: /^\| `([^`]+)\.mustache` \|/).map { String($0.output.1) }
        }
        #expect(listed == TemplateName.allCases.map(\.rawValue), "templates/README.md's table of files")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }
        #expect(files.sorted() == TemplateName.allCases.map(\.rawValue).sorted(), "the .mustache files in templates/")
    }

    @Test func eachKindOfMismatchIsReported() throws {
        let guide = try TemplateGuide(markdown: """
            ## Variables

            Pre-quoted: `NAMESh` and `NAMEJSON`, and `NAMEPs`.

            - Request: `tenant`, `appName` (the `$filter`, `Sites.Selected`), `gone`.
            - List `sites`, each with `url`.

            ## Next
            `notAVariable`
            """)
        #expect(guide.names == ["tenant", "appName", "gone", "sites", "url"])
        #expect(guide.suffixes == ["JSON", "Ps", "Sh"])
        let given: Set<String> = ["tenant", "tenantSh", "appName", "appNameJSON", "sites", "url", "urlSh", "fresh", "freshSh"]
        #expect(guide.problems(given: given, used: ["tenant": ["text"], "tenantPs": ["register-app.ps1"], "hole": ["html"]]) == [
            "fresh: given by the renderer, not in templates/README.md",
            "freshSh: given by the renderer, not in templates/README.md",
            "gone: in templates/README.md, not given by the renderer",
            "hole: used by html, not given by the renderer",
            "hole: used by html, not in templates/README.md",
            "tenantPs: used by register-app.ps1, not given by the renderer",
            "NAMEPs: in templates/README.md, no variable comes in that form",
        ])
    }

    /// Every name ``InstructionValues`` gives, list fields included. The set does not depend
    /// on the request (every value is always given, empty or false when it does not apply).
    static func givenNames() throws -> Set<String> {
        let values = try InstructionValues(request: Fixture.request(), certificate: Fixture.certificate).values
        var names = Set(values.keys)
        for value in values.values {
            if case .list(_, let fields) = value { names.formUnion(fields) }
        }
        return names
    }
}

/// The `## Variables` section of templates/README.md: every name in backticks that is a
/// variable's (letters and digits, starting with a letter), and the quoted forms it
/// announces as `NAMESUFFIX`.
struct TemplateGuide {
    let names: [String]
    /// The suffixes of the quoted forms (`Sh`, `Ps`, `JSON`…), longest first.
    let suffixes: [String]

    struct Unreadable: Error {}

    init(markdown: String) throws {
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "## Variables") else { throw Unreadable() }
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }.joined(separator: "\n")
        var names: [String] = []
        var suffixes: [String] = []
        for (index, part) in section.components(separatedBy: "`").enumerated() where index % 2 == 1 {
            guard let first = part.first, first.isLetter, part.allSatisfy({ $0.isLetter || $0.isNumber }) else { continue }
            if part.hasPrefix("NAME"), part.count > 4 {
                suffixes.append(String(part.dropFirst(4)))
            } else if !names.contains(part) {
                names.append(part)
            }
        }
        self.names = names
        self.suffixes = suffixes.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Whether the README covers `name`: listed itself, or a quoted form of a listed name.
    func documents(_ name: String) -> Bool {
        names.contains(name) || suffixes.contains { name.hasSuffix($0) && names.contains(String(name.dropLast($0.count))) }
    }

    /// Each disagreement, one line each, sorted by name; then the announced forms no variable has.
    func problems(given: Set<String>, used: [String: [String]]) -> [String] {
        var found: [String] = []
        for name in given where !documents(name) {
            found.append("\(name): given by the renderer, not in templates/README.md")
        }
        for name in names where !given.contains(name) {
            found.append("\(name): in templates/README.md, not given by the renderer")
        }
        for (name, templates) in used {
            let by = templates.sorted().joined(separator: ", ")
            if !given.contains(name) { found.append("\(name): used by \(by), not given by the renderer") }
            if !documents(name) { found.append("\(name): used by \(by), not in templates/README.md") }
        }
        found.sort()
        for suffix in suffixes where !given.contains(where: { name in
            name.hasSuffix(suffix) && names.contains(String(name.dropLast(suffix.count)))
        }) {
            found.append("NAME\(suffix): in templates/README.md, no variable comes in that form")
        }
        return found
    }
}
