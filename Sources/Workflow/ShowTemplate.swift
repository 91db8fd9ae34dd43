import Templates

/// The `templates show` command: one template's text and the variables it uses.
public struct ShowTemplate: Sendable {
    /// The template.
    public var name: TemplateName
    /// A folder of `NAME.mustache` files that replace the shipped templates, as for ``ListTemplates``.
    public var folder: String?

    /// The template `name`, with `folder`'s in place of the shipped ones.
    public init(name: TemplateName, folder: String? = nil) {
        self.name = name
        self.folder = folder
    }

    /// The template in use under `name`.
    public func run(in environment: Environment) throws -> TemplateCatalog.Entry {
        try ListTemplates(folder: folder).run(in: environment).entry(name)
    }
}
