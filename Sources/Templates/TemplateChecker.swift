import Common

/// Reads a Mustache template's tags and checks each name against the values the
/// instructions provide, before anything is rendered.
///
/// swift-mustache renders a name it cannot find as nothing. For an email an admin acts on,
/// a hole is worse than an error, so every variable, section and transform is checked here,
/// in sections that this request would not render too. Also refused: partials and blocks
/// (a template stands alone), pragmas (spconnect sets the content type), and, in the HTML
/// template, unescaped variables (`{{{…}}}`, `{{&…}}`).
struct TemplateChecker {
    let templateName: String
    let origin: String
    let isHTML: Bool

    /// Transforms swift-mustache 2.1 applies to text and lists.
    static let transforms: Set<String> = ["empty", "capitalized", "lowercased", "uppercased", "reversed", "first", "last", "count"]

    /// Checks `text` against `values`.
    func check(_ text: String, values: [String: TemplateValue]) throws(TemplatesError) {
        var open = "{{"
        var close = "}}"
        var scopes: [[String: TemplateValue]] = [values]
        var sections: [String] = []
        var index = text.startIndex
        var line = 1
        while let start = text[index...].firstRange(of: open) {
            line += text[index..<start.lowerBound].filter { $0 == "\n" }.count
            var bodyStart = start.upperBound
            var closing = close
            if open == "{{", text[bodyStart...].hasPrefix("{") {
                bodyStart = text.index(after: bodyStart)
                closing = "}" + close
            }
            guard let end = text[bodyStart...].firstRange(of: closing) else {
                throw syntax("a tag opened on line \(line) is never closed")
            }
            let tag = String(text[bodyStart..<end.lowerBound])
            line += tag.filter { $0 == "\n" }.count
            index = end.upperBound
            if closing != close {
                try variable(tag.trimmingWhitespace, scopes: scopes, line: line, unescaped: true)
                continue
            }
            let kind = tag.trimmingWhitespace.first ?? " "
            let name = String(tag.trimmingWhitespace.dropFirst()).trimmingWhitespace
            switch kind {
            case "!":
                continue
            case "=":
                let parts = tag.trimmingWhitespace.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
                guard tag.trimmingWhitespace.hasSuffix("="), parts.count == 2 else { throw syntax("line \(line): a malformed delimiter change") }
                open = String(parts[0])
                close = String(parts[1])
            case "%":
                throw syntax("line \(line): pragmas are not allowed (spconnect sets the content type)")
            case ">", "<", "$":
                throw syntax("line \(line): partials and blocks are not supported; write the text into the template itself")
            case "#", "^":
                let value = try lookup(name, scopes: scopes, line: line)
                sections.append(name)
                if kind == "#", case .list(_, let fields) = value {
                    scopes.append(Dictionary(uniqueKeysWithValues: fields.map { ($0, TemplateValue.text("")) }))
                } else {
                    scopes.append([:])
                }
            case "/":
                guard let last = sections.popLast(), last == name else {
                    throw syntax("line \(line): {{/\(name)}} closes a section that is not open")
                }
                scopes.removeLast()
            case "&":
                try variable(name, scopes: scopes, line: line, unescaped: true)
            default:
                try variable(tag.trimmingWhitespace, scopes: scopes, line: line, unescaped: false)
            }
        }
        if let last = sections.last {
            throw syntax("the section {{#\(last)}} is never closed")
        }
    }

    private func variable(_ name: String, scopes: [[String: TemplateValue]], line: Int, unescaped: Bool) throws(TemplatesError) {
        if unescaped && isHTML {
            throw TemplatesError(.templateSyntax, "template \(templateName) (\(origin)), line \(line): {{{\(name)}}} would insert \(name) without HTML escaping",
                                facts: ErrorFacts(values: [.problem: "unescaped", .variable: name]))
        }
        if name == "." {
            guard scopes.count > 1 else { throw syntax("line \(line): {{.}} outside a section") }
            return
        }
        let value = try lookup(name, scopes: scopes, line: line)
        switch value {
        case .text: return
        case .flag, .list:
            throw TemplatesError(.templateSyntax, "template \(templateName) (\(origin)), line \(line): \(name) is a \(value.kindName), not text",
                                facts: ErrorFacts(values: [.problem: "notText", .variable: name]))
        }
    }

    /// The value `name` (possibly `transform(name)`) refers to.
    private func lookup(_ name: String, scopes: [[String: TemplateValue]], line: Int) throws(TemplatesError) -> TemplateValue {
        var inner = Substring(name)
        var applied: [Substring] = []
        while let open = inner.firstIndex(of: "("), inner.hasSuffix(")") {
            applied.append(inner[..<open])
            inner = inner[inner.index(after: open)..<inner.index(before: inner.endIndex)]
        }
        for transform in applied where !Self.transforms.contains(String(transform)) {
            throw TemplatesError(.missingVariable, "template \(templateName) (\(origin)), line \(line): unknown transform \(transform) in {{\(name)}}",
                                facts: ErrorFacts(values: [.problem: "transform", .known: Self.transforms.sorted().joined(separator: ", ")]))
        }
        let key = String(inner).trimmingWhitespace
        for scope in scopes.reversed() {
            if let value = scope[key] { return value }
        }
        throw TemplatesError(.missingVariable, "template \(templateName) (\(origin)) names the variable \(key), which the instructions do not provide",
                            facts: ErrorFacts(values: [.variable: key, .path: origin,
                                                       .problem: origin == TemplateLibrary.Origin.shipped.description ? "shipped" : "override"]))
    }

    private func syntax(_ detail: String) -> TemplatesError {
        TemplatesError(.templateSyntax, "template \(templateName) (\(origin)): \(detail)")
    }
}

extension TemplateValue {
    var kindName: String {
        switch self {
        case .text: "text"
        case .flag: "switch"
        case .list: "list"
        }
    }
}
