#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a file or folder may be trusted: it must belong to the user running spconnect
/// (or to root, who could change anything anyway) and not be writable by anyone else.
///
/// "The user" is the effective user ID: for a command run as root, only files owned by
/// root are trusted, so a file another account owns or can write never steers a command
/// (a `password_command` in its `config.toml`, a script template the admin will run).
/// Every check is made with `fstat` on a descriptor opened with `O_NOFOLLOW`, so the file
/// read is the file checked.
public enum FileTrust {
    /// How private a file must be.
    public enum Privacy: Sendable {
        /// Not writable by group or others (the home folder, config, templates, the store).
        case notWritableByOthers
        /// Neither readable nor writable by group or others (passphrase and password files).
        case privateToOwner

        var forbiddenBits: mode_t { self == .privateToOwner ? 0o077 : 0o022 }
        var fixMode: (folder: String, file: String) { self == .privateToOwner ? ("700", "600") : ("go-w", "go-w") }
    }

    /// The user whose files are trusted: the effective user ID.
    public static var user: uid_t { geteuid() }

    /// Checks an opened descriptor's owner and mode; `path` names it in the error.
    public static func check(descriptor fd: Int32, path: String, privacy: Privacy) throws(CommonError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CommonError(.readFailed, String(cString: strerror(errno)), location: path)
        }
        try check(info, path: path, privacy: privacy)
    }

    /// Checks the owner and mode of what `stat` returned for `path`.
    public static func check(_ info: stat, path: String, privacy: Privacy) throws(CommonError) {
        let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
        let what = isFolder ? "folder" : "file"
        if info.st_uid != user && info.st_uid != 0 {
            let owner = passwordName(info.st_uid).map { "\($0) (uid \(info.st_uid))" } ?? "uid \(info.st_uid)"
            let me = passwordName(user) ?? "\(user)"
            throw CommonError(.untrusted, "the \(what) belongs to \(owner), not to you (uid \(user)); spconnect does not use it", location: path,
                              facts: ErrorFacts(values: [.step: CommonStep.owner.rawValue, .path: path, .user: me, .mode: what]))
        }
        let open = info.st_mode & privacy.forbiddenBits
        if open != 0 {
            let mode = String(info.st_mode & 0o7777, radix: 8)
            let who = privacy == .privateToOwner ? "readable or writable by others" : "writable by group or others"
            let fix = isFolder ? privacy.fixMode.folder : privacy.fixMode.file
            throw CommonError(.untrusted, "the \(what) is \(who) (mode \(mode)); spconnect does not use it", location: path,
                              facts: ErrorFacts(values: [.step: CommonStep.mode.rawValue, .path: path, .mode: fix]))
        }
    }

    /// Checks a folder (opened with `O_NOFOLLOW | O_DIRECTORY`); a missing folder is not an error.
    ///
    /// - Returns: false when the folder does not exist.
    @discardableResult
    public static func checkFolder(_ path: String, privacy: Privacy = .notWritableByOthers) throws(CommonError) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return false }
            if errno == ELOOP || errno == ENOTDIR {
                var info = stat()
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                    // A symbolic link to the folder: its target is checked (a home on another disk is common).
                    guard stat(path, &info) == 0 else { return false }
                    try check(info, path: path, privacy: privacy)
                    return true
                }
                throw CommonError(.untrusted, "is not a folder", location: path)
            }
            throw CommonError(.readFailed, String(cString: strerror(errno)), location: path)
        }
        defer { close(fd) }
        try check(descriptor: fd, path: path, privacy: privacy)
        return true
    }

    /// Opens a file for reading with `O_NOFOLLOW` and checks it; nil when it does not exist.
    /// The caller reads from and closes the descriptor.
    public static func openFile(_ path: String, privacy: Privacy = .notWritableByOthers, followLinks: Bool = false) throws(CommonError) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP {
                throw CommonError(.untrusted, "is a symbolic link; spconnect reads only the file itself here", location: path,
                                  facts: .step(.link, path: path))
            }
            throw CommonError(.readFailed, String(cString: strerror(errno)), location: path, facts: .step(.open, path: path))
        }
        do {
            try check(descriptor: fd, path: path, privacy: privacy)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    private static func passwordName(_ uid: uid_t) -> String? {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
