import Templates

/// The `templates list` command: every template, where it comes from (shipped, the home
/// folder's `templates/`, or `--templates`), and the variables it uses.
public struct ListTemplates: Sendable {
    /// A folder of `NAME.mustache` files that replace the shipped templates (it must exist);
    /// nil: the home folder's `templates/`, when there is one.
    public var folder: String?

    /// A listing of the templates, with `folder`'s in place of the shipped ones.
    public init(folder: String? = nil) {
        self.folder = folder
    }

    /// The templates in use.
    public func run(in environment: Environment) throws -> TemplateCatalog {
        TemplateCatalog(try TemplateLibrary(overridesIn: folder ?? environment.location.templatesPath, required: folder != nil))
    }
}
