import Common

/// What `spconnect templates` shows: each template, where its text comes from, the
/// variables it uses, and what templates/README.md (compiled in) says of each variable.
public struct TemplateCatalog: Sendable {
    /// One template.
    public struct Entry: Sendable {
        public let name: TemplateName
        public let origin: TemplateLibrary.Origin
        public let text: String
        /// Every variable, section and list field the text names, sorted, each once.
        public let variables: [String]
    }

    /// The templates in ``TemplateName`` order, one for each name.
    public let entries: [Entry]

    /// The catalog of `library` (the shipped templates with the user's overrides).
    public init(_ library: TemplateLibrary) {
        entries = TemplateName.allCases.map { name in
            let source = library.source(name)
            return Entry(name: name, origin: source.origin, text: source.text, variables: Self.variables(in: source.text))
        }
    }

    /// The template called `name`.
    public func entry(_ name: TemplateName) -> Entry {
        entries.first { $0.name == name } ?? Entry(name: name, origin: .shipped, text: "", variables: [])
    }

    /// The names a Mustache text uses: `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#name}}`,
    /// `{{^name}}` and `transform(name)`; comments and closing tags are skipped.
    public static func variables(in text: String) -> [String] {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstRange(of: "}}") else { break }
            var tag = rest[..<close.lowerBound].trimmingWhitespace
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") { tag = String(tag.dropFirst()) }
            guard let kind = tag.first, !"!/=%><$".contains(kind) else { continue }
            if "#^&".contains(kind) { tag = String(tag.dropFirst()) }
            tag = tag.trimmingWhitespace
            if let parenthesis = tag.firstIndex(of: "("), tag.hasSuffix(")") {
                tag = String(tag[tag.index(after: parenthesis)..<tag.index(before: tag.endIndex)])
            }
            if !tag.isEmpty, tag != "." { names.insert(tag) }
        }
        return names.sorted()
    }

    // MARK: - The README's variable list

    /// Each documented variable with its description: the README's group ("Request",
    /// "List sites") and the words in parentheses after the name, if any.
    public static let documentation: [String: String] = {
        var found: [String: String] = [:]
        for bullet in variableBullets {
            // "Request: `requestID`, …" is labelled "Request"; "List `sites`, each with `url` …", "List sites".
            var label = ""
            if let colon = bullet.range(of: ": "), bullet.distance(from: bullet.startIndex, to: colon.lowerBound) <= 40 {
                label = String(bullet[..<colon.lowerBound]).replacingBackticks
            } else if let open = bullet.firstIndex(of: "`"), let close = bullet[bullet.index(after: open)...].firstIndex(of: "`") {
                label = String(bullet[...close]).replacingBackticks
            }
            var rest = Substring(bullet)
            while let open = rest.firstIndex(of: "`") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "`") else { break }
                let name = String(after[..<close])
                rest = after[after.index(after: close)...]
                guard name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber }) else { continue }
                var description = label
                if rest.hasPrefix(" ("), !rest.hasPrefix(" (and "), let end = rest.firstIndex(of: ")") {
                    description += ": " + String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end]).replacingBackticks
                }
                if found[name] == nil { found[name] = description }
            }
        }
        return found
    }()

    /// The quoted forms every requester-supplied value also comes in (`NAMESh`, `NAMEPs`…), longest first.
    public static let quotedSuffixes: [String] = {
        let intro = variablesSection.prefix { !$0.hasPrefix("- ") }.joined(separator: " ")
        return intro.matches(of: /`NAME([A-Za-z]+)`/).map { String($0.output.1) }.sorted { $0.count > $1.count }
    }()

    /// What the README says of `name`, or of the value it is a quoted form of; nil when undocumented.
    public static func description(of name: String) -> String? {
        if let text = documentation[name] { return text }
        for suffix in quotedSuffixes where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let text = documentation[base] { return "\(text) (\(base), quoted: \(suffix))" }
        }
        return nil
    }

    /// The lines of the README's `## Variables` section.
    private static let variablesSection: [String] = {
        let lines = EmbeddedTemplateGuide.readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "## Variables") else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.hasPrefix("## ") })
    }()

    /// Its bullets, each joined into one line.
    private static let variableBullets: [String] = {
        var bullets: [String] = []
        for line in variablesSection {
            if line.hasPrefix("- ") { bullets.append(String(line.dropFirst(2))) } else if line.hasPrefix(" "), !bullets.isEmpty {
                bullets[bullets.count - 1] += " " + line.trimmingWhitespace
            }
        }
        return bullets
    }()
}

private extension String {
    var replacingBackticks: String { String(filter { $0 != "`" }) }
}
