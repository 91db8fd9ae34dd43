#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a group of files into one folder so that either all of them appear or none.
///
/// Every file is first written in full to an unnamed file in the same folder (`O_TMPFILE`,
/// created with its final mode, flushed with `fsync`), then each is linked into place
/// (`linkat`). An interruption at any point, SIGKILL included, leaves no file with partial
/// or secret content behind: until it is linked, the file has no name and the kernel frees
/// it with the process. Where the file system has no `O_TMPFILE`, a hidden temporary is
/// used instead and stale ones are removed at the next write. Any failure removes every
/// file this set already placed, so a failed command leaves nothing behind.
public struct AtomicFileSet {
    /// One file to write. Its bytes are kept in wiped-on-release storage: some files of a
    /// set (a key file, a PFX) hold a private key.
    public struct Entry {
        public let name: String
        public let bytes: SecretBytes
        public let mode: UInt32

        public init(name: String, bytes: SecretBytes, mode: UInt32) {
            self.name = name
            self.bytes = bytes
            self.mode = mode
        }
    }

    public let folder: String
    public private(set) var entries: [Entry] = []

    public init(folder: String) {
        self.folder = folder
    }

    /// Adds a file to the set. Nothing is written until ``commit(overwrite:)``.
    public mutating func add(_ name: String, _ bytes: [UInt8], mode: UInt32 = 0o644) {
        entries.append(Entry(name: name, bytes: SecretBytes(bytes), mode: mode))
    }

    /// Adds a file holding a secret, without copying it out of its wiped storage.
    public mutating func add(_ name: String, secret: SecretBytes, mode: UInt32 = 0o600) {
        entries.append(Entry(name: name, bytes: secret, mode: mode))
    }

    /// The full path a file of this set will have.
    public func path(of name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Checks the folder and, unless `overwrite`, that none of the files exist yet.
    public func check(overwrite: Bool) throws(CommonError) {
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw CommonError(.folderMissing, "no such folder", location: folder, facts: .step(.noOutputFolder, path: folder))
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CommonError(.folderMissing, "is not a folder", location: folder, facts: .step(.outputNotFolder, path: folder))
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw CommonError(.notWritable, "folder is not writable", location: folder, facts: ErrorFacts(values: [.path: folder]))
        }
        for entry in entries {
            var info = stat()
            let final = path(of: entry.name)
            if lstat(final, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                let kind = (info.st_mode & S_IFMT) == S_IFLNK ? "a symbolic link" : (info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "a device or other special file"
                throw CommonError(.notRegularFile, "\(final) exists and is not a regular file (\(kind)); spconnect writes only regular files",
                                  facts: ErrorFacts(values: [.path: final]))
            }
        }
        if !overwrite {
            let existing = entries.map { path(of: $0.name) }.filter { access($0, F_OK) == 0 }
            if !existing.isEmpty {
                throw CommonError(.fileExists, "\(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : "")",
                                  facts: .step(.fileSet, path: existing[0]))
            }
        }
    }

    /// Writes every file, all or nothing.
    ///
    /// With `overwrite`, each file it replaces is first kept under a hidden hard link;
    /// when a later file fails, the replaced files are put back, so a failed run leaves
    /// the folder as it found it.
    public func commit(overwrite: Bool) throws(CommonError) {
        try check(overwrite: overwrite)
        for entry in entries { Self.removeStaleTemporaries(of: entry.name, in: folder) }
        var temporaries: [Temporary] = []
        var renamed: [String] = []
        var backups: [(backup: String, final: String)] = []
        defer { for temporary in temporaries where temporary.descriptor >= 0 { close(temporary.descriptor) } }
        do throws(CommonError) {
            for entry in entries {
                temporaries.append(try Self.writeTemporary(entry, in: folder))
            }
            for (index, temporary) in temporaries.enumerated() {
                let final = path(of: entries[index].name)
                if !overwrite && access(final, F_OK) == 0 {
                    throw CommonError(.fileExists, "\(final) already exists", facts: ErrorFacts(values: [.path: final]))
                }
                if overwrite, let backup = try Self.keepExisting(final, as: path(of: ".\(entries[index].name).old-\(getpid())")) {
                    backups.append((backup, final))
                }
                try place(temporary, at: final, name: entries[index].name, overwrite: overwrite)
                renamed.append(final)
            }
            Self.syncFolder(folder)
            for (backup, _) in backups { unlink(backup) }
        } catch {
            for temporary in temporaries { if let path = temporary.path { unlink(path) } }
            for final in renamed { unlink(final) }
            for (backup, final) in backups { rename(backup, final) }
            throw error
        }
    }

    /// A file written in full and not yet in place: unnamed (an open `O_TMPFILE`
    /// descriptor) or, where the file system has no `O_TMPFILE`, a hidden temporary.
    struct Temporary {
        var descriptor: Int32
        var path: String?
    }

    /// Gives a written file its final name: `linkat` of an unnamed file (refusing an
    /// existing name unless `overwrite`, which links a hidden name and renames it over).
    private func place(_ temporary: Temporary, at final: String, name: String, overwrite: Bool) throws(CommonError) {
        if let temp = temporary.path {
            guard rename(temp, final) == 0 else { throw Self.placeFailed(final) }
            return
        }
        let source = "/proc/self/fd/\(temporary.descriptor)"
        if !overwrite {
            guard linkat(AT_FDCWD, source, AT_FDCWD, final, Self.followLink) == 0 else {
                if errno == EEXIST { throw CommonError(.fileExists, "\(final) already exists", facts: ErrorFacts(values: [.path: final])) }
                throw Self.placeFailed(final)
            }
            return
        }
        let hidden = path(of: ".\(name).tmp-\(getpid())-\(Self.counter())")
        unlink(hidden)
        guard linkat(AT_FDCWD, source, AT_FDCWD, hidden, Self.followLink) == 0 else { throw Self.placeFailed(final) }
        guard rename(hidden, final) == 0 else {
            unlink(hidden)
            throw Self.placeFailed(final)
        }
    }

    private static func placeFailed(_ final: String) -> CommonError {
        CommonError(.writeFailed, String(cString: strerror(errno)), location: final, facts: .step(.place, path: final))
    }

    // Linux's values (fcntl.h); Glibc's module does not export the GNU ones.
    private static let openTemporaryFile: Int32 = 0o20_000_000 | O_DIRECTORY
    private static let followLink: Int32 = 0x400

    nonisolated(unsafe) private static var serial = 0
    private static func counter() -> Int {
        serial += 1
        return serial
    }

    /// Removes the hidden files of `name` an interrupted older write left: temporaries
    /// (`.NAME.tmp-PID-…`, on file systems without `O_TMPFILE`, or killed between its link and
    /// rename with `--force`) and kept copies of a replaced file (`.NAME.old-PID`, killed
    /// after `--force` linked it; possibly a key). Only those of a process that is gone, or
    /// older than ``staleAge``: a live write in a shared folder keeps its files.
    private static func removeStaleTemporaries(of name: String, in folder: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        let prefixes = [".\(name).tmp-", ".\(name).old-"]
        while let entry = readdir(directory) {
            let found = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let prefix = prefixes.first(where: { found.hasPrefix($0) }) else { continue }
            let path = folder.hasSuffix("/") ? folder + found : folder + "/" + found
            let pid = Int32(found.dropFirst(prefix.count).prefix { $0 != "-" })
            if let pid, pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(path)
                continue
            }
            var info = stat()
            if lstat(path, &info) == 0, time(nil) - info.st_mtim.tv_sec > staleAge { unlink(path) }
        }
    }

    /// How old (seconds) a hidden file of a live process must be to count as left over.
    static let staleAge = 600

    /// Hard-links an existing file (not a folder) at `path` to `backup`, so it can be put back.
    private static func keepExisting(_ path: String, as backup: String) throws(CommonError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        unlink(backup)
        guard link(path, backup) == 0 else {
            throw CommonError(.writeFailed, "cannot keep the file being replaced: \(String(cString: strerror(errno)))", location: path)
        }
        return backup
    }

    /// Writes one file atomically (temporary file, fsync, rename); without `overwrite`,
    /// an existing file is an error and is left as it was.
    public static func writeFile(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o600, overwrite: Bool = true) throws(CommonError) {
        try writeFile(SecretBytes(bytes), to: path, mode: mode, overwrite: overwrite)
    }

    /// Writes one file holding a secret atomically, straight from its wiped storage.
    public static func writeFile(_ secret: SecretBytes, to path: String, mode: UInt32 = 0o600, overwrite: Bool = true) throws(CommonError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var set = AtomicFileSet(folder: folder.isEmpty ? "/" : folder)
        set.add(name, secret: secret, mode: mode)
        try set.commit(overwrite: overwrite)
    }


    private static func writeTemporary(_ entry: Entry, in folder: String) throws(CommonError) -> Temporary {
        var temporary = Temporary(descriptor: open(folder, openTemporaryFile | O_WRONLY | O_CLOEXEC, mode_t(entry.mode)), path: nil)
        if temporary.descriptor < 0 {
            var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
            template.append(contentsOf: Array(".\(entry.name).tmp-\(getpid())-XXXXXX".utf8CString))
            temporary.descriptor = mkstemp(&template)
            temporary.path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let fd = temporary.descriptor
        guard fd >= 0 else {
            throw CommonError(.writeFailed, "cannot create a file: \(String(cString: strerror(errno)))", location: folder,
                              facts: .step(.createFile, path: folder))
        }
        var failure: Int32 = 0
        if fchmod(fd, mode_t(entry.mode)) != 0 { failure = errno }
        var offset = 0
        while failure == 0 && offset < entry.bytes.count {
            let written = entry.bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
            } else {
                offset += written
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if let path = temporary.path {
            // A named temporary is closed now; an unnamed one stays open until it is linked.
            if close(fd) != 0 && failure == 0 { failure = errno }
            temporary.descriptor = -1
            if failure != 0 { unlink(path) }
        } else if failure != 0 {
            close(fd)
        }
        if failure != 0 {
            throw CommonError(.writeFailed, String(cString: strerror(failure)), location: "\(folder)/\(entry.name)",
                              facts: .step(.writeFile, path: folder))
        }
        return temporary
    }

    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
