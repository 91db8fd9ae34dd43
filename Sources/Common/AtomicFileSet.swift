#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a group of files into one folder so that either all of them appear or none.
///
/// Every file is first written in full to a hidden temporary file in the same folder
/// (created with its final mode, flushed with `fsync`), then all are renamed into place.
/// Any failure removes the temporaries and every file this set already renamed, so a
/// failed command leaves nothing behind.
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
            throw CommonError(.folderMissing, "\(folder): no such folder",
                              hint: "create it first (mkdir -p \(folder)) or choose another with --out", location: folder)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CommonError(.folderMissing, "\(folder): is not a folder",
                              hint: "choose a folder with --out", location: folder)
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw CommonError(.notWritable, "\(folder): folder is not writable",
                              hint: "choose a folder you can write to with --out", location: folder)
        }
        if !overwrite {
            let existing = entries.map { path(of: $0.name) }.filter { access($0, F_OK) == 0 }
            if !existing.isEmpty {
                throw CommonError(.fileExists, "\(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : "")",
                                  hint: "choose another --name or --out, or pass --force to replace", location: existing[0])
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
        var temporaries: [(temp: String, final: String)] = []
        var renamed: [String] = []
        var backups: [(backup: String, final: String)] = []
        do throws(CommonError) {
            for entry in entries {
                let temp = try Self.writeTemporary(entry, in: folder)
                temporaries.append((temp, path(of: entry.name)))
            }
            for (index, (temp, final)) in temporaries.enumerated() {
                if !overwrite && access(final, F_OK) == 0 {
                    throw CommonError(.fileExists, "\(final) already exists", hint: "pass --force to replace", location: final)
                }
                if overwrite, let backup = try Self.keepExisting(final, as: path(of: ".\(entries[index].name).old-\(getpid())")) {
                    backups.append((backup, final))
                }
                guard rename(temp, final) == 0 else {
                    throw CommonError(.writeFailed, "\(final): \(String(cString: strerror(errno)))",
                                      hint: "move it out of the way, or choose another --name or --out", location: final)
                }
                renamed.append(final)
            }
            Self.syncFolder(folder)
            for (backup, _) in backups { unlink(backup) }
        } catch {
            for (temp, _) in temporaries { unlink(temp) }
            for final in renamed { unlink(final) }
            for (backup, final) in backups { rename(backup, final) }
            throw error
        }
    }

    /// Hard-links an existing file (not a folder) at `path` to `backup`, so it can be put back.
    private static func keepExisting(_ path: String, as backup: String) throws(CommonError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        unlink(backup)
        guard link(path, backup) == 0 else {
            throw CommonError(.writeFailed, "\(path): cannot keep the file being replaced: \(String(cString: strerror(errno)))", location: path)
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


    private static func writeTemporary(_ entry: Entry, in folder: String) throws(CommonError) -> String {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template.append(contentsOf: Array(".\(entry.name).tmp-XXXXXX".utf8CString))
        let fd = mkstemp(&template)
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fd >= 0 else {
            throw CommonError(.writeFailed, "\(folder): cannot create a file: \(String(cString: strerror(errno)))",
                              hint: "check the folder's permissions and free space", location: folder)
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
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temp)
            throw CommonError(.writeFailed, "\(folder)/\(entry.name): \(String(cString: strerror(failure)))",
                              hint: "check free space and permissions", location: folder)
        }
        return temp
    }

    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
