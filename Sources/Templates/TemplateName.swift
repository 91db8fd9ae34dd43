import Common

/// A shipped instruction template, by the stem of its file name (`templates/NAME.mustache`,
/// `$SPCONNECT_HOME/templates/NAME.mustache`): the names `spconnect templates show` takes.
///
/// The cases are in the order of the instruction set's parts.
public enum TemplateName: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// The email's Subject.
    case subject
    /// The text/plain part.
    case text
    /// The text/html part.
    case html
    /// The Microsoft Graph PowerShell script.
    case registerAppPowerShell = "register-app.ps1"
    /// The Azure CLI script.
    case registerAppAzureCLI = "register-app.sh"
    /// The Graph keyCredential JSON.
    case keyCredential = "keycredential.json"

    /// The extension of template files.
    public static let fileExtension = "mustache"

    /// The template's file name: `NAME.mustache`.
    public var fileName: String { rawValue + "." + Self.fileExtension }

    public var description: String { rawValue }

    /// The template called `text`.
    ///
    /// - Throws: ``ErrorCode/unknownTemplate`` when no template has that name.
    public init(parsing text: String) throws(TemplatesError) {
        guard let name = TemplateName(rawValue: text) else {
            throw TemplatesError(.unknownTemplate, "there is no template named \(text)",
                                 facts: ErrorFacts(values: [.known: Self.listed]))
        }
        self = name
    }

    /// Every name, comma-separated, in order.
    public static var listed: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
