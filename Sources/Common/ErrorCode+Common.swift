extension ErrorCode {
    /// The file to write is there already.
    public static let fileExists = ErrorCode(.common, "fileExists")
    /// The folder to write in is missing or is not a folder.
    public static let folderMissing = ErrorCode(.common, "folderMissing")
    /// The folder to write in cannot be written.
    public static let notWritable = ErrorCode(.common, "notWritable")
    /// Creating, writing or placing a file or folder failed.
    public static let writeFailed = ErrorCode(.common, "writeFailed")
    /// Reading a file failed.
    public static let readFailed = ErrorCode(.common, "readFailed")
    /// A file is larger than what is read.
    public static let tooLarge = ErrorCode(.common, "tooLarge")
    /// A password is needed and there is nowhere to get it from.
    public static let passwordUnavailable = ErrorCode(.common, "passwordUnavailable")
    /// The password is empty.
    public static let passwordEmpty = ErrorCode(.common, "passwordEmpty")
    /// The two typed passwords differ.
    public static let passwordMismatch = ErrorCode(.common, "passwordMismatch")
    /// A file or folder someone else owns or can write (or read, for a secret).
    public static let untrusted = ErrorCode(.common, "untrusted")
    /// A new passphrase or password below the strength floor.
    public static let weakPassword = ErrorCode(.common, "weakPassword")
    /// A path that exists and is not a regular file where one is written.
    public static let notRegularFile = ErrorCode(.common, "notRegularFile")
}
