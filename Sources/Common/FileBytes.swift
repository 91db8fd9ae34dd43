#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files (or standard input, as `-`) without Foundation.
public enum FileBytes {
    /// Every byte of the file at `path` (`-`: standard input), refusing anything larger than
    /// `limit` without reading further: a regular file's size is checked before reading.
    ///
    /// - Throws: ``ErrorCode/tooLarge`` past `limit`, ``ErrorCode/readFailed`` otherwise.
    public static func read(_ path: String, limit: Int = 64 << 20) throws(CommonError) -> [UInt8] {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw CommonError(.readFailed, reason, location: path, facts: .step(.open, path: path))
        }
        defer { if fd != 0 { close(fd) } }
        return try read(descriptor: fd, path: path, limit: limit)
    }

    /// The bytes of a file in the home folder that steers what spconnect does (config, a
    /// template): opened without following a link, and refused unless ``FileTrust`` trusts it.
    ///
    /// - Returns: nil when the file does not exist.
    public static func readTrusted(_ path: String, limit: Int = 1 << 20) throws(CommonError) -> [UInt8]? {
        guard let fd = try FileTrust.openFile(path) else { return nil }
        defer { close(fd) }
        return try read(descriptor: fd, path: path, limit: limit)
    }

    static func read(descriptor fd: Int32, path: String, limit: Int) throws(CommonError) -> [UInt8] {
        let name = path == "-" ? "standard input" : path
        var info = stat()
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw CommonError(.readFailed, "is a folder, not a file", location: path)
            }
            if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > limit {
                throw tooLarge(name, limit: limit, size: Int(info.st_size))
            }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CommonError(.readFailed, String(cString: strerror(errno)), location: name)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > limit { throw tooLarge(name, limit: limit, size: nil) }
        }
        return bytes
    }

    private static func tooLarge(_ name: String, limit: Int, size: Int?) -> CommonError {
        let what = size.map { "\(($0 + (1 << 19)) >> 20) MiB" } ?? "larger than that"
        return CommonError(.tooLarge, "\(name) is \(what); at most \(limit >> 20) MiB is read", facts: ErrorFacts(values: [.path: name, .limit: "\(limit)"]))
    }
}
