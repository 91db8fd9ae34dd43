/// A value the instruction templates can name: text, a yes/no switch, or a list of records.
///
/// Lists carry the names their records provide even when empty, so a template can be
/// checked against them before anything is rendered.
public indirect enum TemplateValue: Sendable, Equatable {
    /// Text, inserted as it is (the HTML template escapes it).
    case text(String)
    /// A switch for `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}`.
    case flag(Bool)
    /// Records for `{{#name}}…{{/name}}`; `fields` names what each record provides.
    case list([[String: TemplateValue]], fields: Set<String>)

    /// The value as swift-mustache walks it.
    var mustacheValue: Any {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag
        case .list(let records, _): records.map { record in record.mapValues(\.mustacheValue) }
        }
    }
}
