extension ErrorFact {
    /// The error's own detail, in ``ErrorFacts/worded``.
    public static let detail = ErrorFact("detail")
    /// The error's own location, in ``ErrorFacts/worded``.
    public static let location = ErrorFact("location")
    /// Which step of a file operation failed, where one code has several next steps:
    /// a ``CommonStep`` raw value.
    public static let step = ErrorFact("step")
    /// The name of the user who runs spconnect (for `chown`).
    public static let user = ErrorFact("user")
    /// The mode a file or folder should have (for `chmod`).
    public static let mode = ErrorFact("mode")
    /// Where a missing password can be given (the caller's words for its file option).
    public static let passwordFile = ErrorFact("passwordFile")
    /// The environment variable a missing password can come from.
    public static let variable = ErrorFact("variable")
    /// Which check refused, when one code has several next steps (`syntax`, `unknownKey`…).
    public static let problem = ErrorFact("problem")
    /// The names that would have been accepted, listed (`a, b, c`).
    public static let known = ErrorFact("known")
}

/// The steps of Common's file operations that a hint tells apart (``ErrorFact/step``).
public enum CommonStep: String, Sendable {
    /// Opening a file to read it.
    case open
    /// Opening a password file.
    case passwordFile
    /// A file or folder owned by someone else.
    case owner
    /// A file or folder others may read or write.
    case mode
    /// A symbolic link where the file itself is read.
    case link
    /// A symbolic link where the store file is opened.
    case storeLink
    /// Making a folder and its parents.
    case makeFolder
    /// A path where a folder is made that is a file.
    case notFolder
    /// An output folder that does not exist.
    case noOutputFolder
    /// An output path that is not a folder.
    case outputNotFolder
    /// Files of a set that exist already.
    case fileSet
    /// A file given by its output path.
    case output
    /// Moving a written file into its place.
    case place
    /// Creating a temporary file in the folder.
    case createFile
    /// Writing a temporary file.
    case writeFile
}

extension ErrorFacts {
    /// Facts naming the `step` that failed and the `path` concerned.
    public static func step(_ step: CommonStep, path: String? = nil) -> ErrorFacts {
        var values: [ErrorFact: String] = [.step: step.rawValue]
        if let path { values[.path] = path }
        return ErrorFacts(values: values)
    }

    /// The step that failed, when the error names one.
    public var step: CommonStep? { values[.step].flatMap(CommonStep.init(rawValue:)) }
}
