#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a reply from a file, or from standard input for `-`, refusing more than
/// ``ReplyParser/maximumSize`` bytes without reading further.
public enum ReplyFile {
    /// The bytes of `path` (`-`: standard input).
    public static func read(_ path: String) throws(RepliesError) -> [UInt8] {
        let name = path == "-" ? "standard input" : path
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw RepliesError(.unreadable, reason, hint: "check the path of the reply file", location: path)
        }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw RepliesError(.unreadable, "is a folder, not a file", hint: "give the reply file itself", location: name)
            }
            if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > ReplyParser.maximumSize {
                throw tooLarge(Int(info.st_size), name)
            }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw RepliesError(.unreadable, String(cString: strerror(errno)), location: name)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > ReplyParser.maximumSize { throw tooLarge(nil, name) }
        }
        return bytes
    }

    private static func tooLarge(_ size: Int?, _ name: String) -> RepliesError {
        let what = size.map { "\(($0 + (1 << 19)) >> 20) MiB" } ?? "larger than that"
        return RepliesError(.tooLarge, "the reply is \(what); a reply may be at most \(ReplyParser.maximumSize >> 20) MiB",
                            hint: "save only the reply's text (or paste its reply block) into a file and import that, or give the values with --request, --tenant-id, --client-id and --thumbprint",
                            location: name)
    }
}
