import Common

extension Hint {
    /// What to do after an error of the `common` domain.
    static func common(_ error: SpconnectError) -> String? {
        let facts = error.facts
        let path = facts[.path] ?? error.location
        switch (error.code, facts.step) {
        case (.untrusted, .owner?):
            return "if it is yours, run: chown \(facts[.mode] == "folder" ? "-R " : "")\(facts[.user] ?? "") '\(path)'; otherwise use your own --home"
        case (.untrusted, .mode?):
            return "run: chmod \(facts[.mode] ?? "") '\(path)'"
        case (.untrusted, .link?):
            return "replace the link with the file it points to"
        case (.untrusted, .storeLink?):
            return "replace the link with the store file"
        case (.readFailed, .open?):
            return "check the path"
        case (.readFailed, .passwordFile?):
            return "check the password file's path"
        case (.writeFailed, .makeFolder?):
            return "check the permissions of its parent folder"
        case (.writeFailed, .place?):
            return "move it out of the way, or choose another --name or --out"
        case (.writeFailed, .createFile?):
            return "check the folder's permissions and free space"
        case (.writeFailed, .writeFile?):
            return "check free space and permissions"
        case (.folderMissing, .notFolder?):
            return "move the file away or choose another folder"
        case (.folderMissing, .noOutputFolder?):
            return "create it first (mkdir -p \(path)) or choose another with --out"
        case (.folderMissing, .outputNotFolder?):
            return "choose a folder with --out"
        case (.notWritable, _):
            return "choose a folder you can write to with --out"
        case (.notRegularFile, _):
            return "choose the path of a new or regular file with --out"
        case (.fileExists, .fileSet?):
            return "choose another --name or --out, or pass --force to replace"
        case (.fileExists, .output?):
            return "choose another --out, or pass --force to replace it"
        case (.fileExists, _):
            return "pass --force to replace"
        case (.passwordMismatch, _):
            return "run the command again and type the same password twice"
        case (.passwordUnavailable, _):
            return "give it with \(OptionSpelling.value(.passwordFile, of: error) ?? "--password-file FILE") or the \(facts[.variable] ?? "") environment variable"
        case (.passwordEmpty, _):
            return "choose a non-empty password"
        case (.weakPassword, _):
            return "choose a longer one (four or five unrelated words work well), or pass --insecure-weak-passphrase if you must"
        default:
            return underlying(error)
        }
    }
}
