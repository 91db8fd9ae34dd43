import Common

/// The codes of templating: the instruction templates and what is rendered from them.
extension ErrorCode {
    /// A template name that is not one of ``TemplateName``.
    public static let unknownTemplate = ErrorCode(.templates, "unknownTemplate")
    /// A template names a variable (or a transform) the instructions do not provide.
    public static let missingVariable = ErrorCode(.templates, "missingVariable")
    /// A template is not valid Mustache, or uses a construct spconnect refuses.
    public static let templateSyntax = ErrorCode(.templates, "templateSyntax")
    /// A template file or folder cannot be read.
    public static let templateUnreadable = ErrorCode(.templates, "templateUnreadable")
}
