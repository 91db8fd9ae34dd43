import Common
import Templates

extension Hint {
    /// What to do after an error of the `templates` domain.
    static func templates(_ error: SpconnectError) -> String? {
        let values = error.facts.values
        switch error.code {
        case .unknownTemplate:
            return values[.known].map { "the templates are " + $0 }
        case .templateUnreadable:
            switch values[.problem] {
            case "missing": return "give an existing folder to --templates, or leave it out to use the shipped templates"
            case "notFolder": return "--templates takes a folder of NAME.mustache files"
            default: return underlying(error)
            }
        case .templateSyntax:
            let name = values[.variable] ?? ""
            switch values[.problem] {
            case "unescaped": return "use {{\(name)}} in the HTML template"
            case "notText": return "use it as a section: {{#\(name)}}…{{/\(name)}}"
            default: return nil
            }
        case .missingVariable:
            switch values[.problem] {
            case "transform": return "the transforms are " + (values[.known] ?? "")
            case "shipped": return "this is a bug in spconnect's own template; please report it"
            case "override": return "remove {{\(values[.variable] ?? "")}} from \(values[.path] ?? "the template") (templates/README.md lists the variables)"
            default: return nil
            }
        default:
            return underlying(error)
        }
    }
}
