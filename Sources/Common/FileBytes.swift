#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files without Foundation.
public enum FileBytes {
    /// Every byte of the file at `path`, refusing anything larger than `limit`.
    public static func read(_ path: String, limit: Int = 64 << 20) throws(CommonError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw CommonError(.readFailed, "\(path): \(reason)", hint: "check the path", location: path)
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw CommonError(.readFailed, "\(path): is a folder, not a file", location: path)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CommonError(.readFailed, "\(path): \(String(cString: strerror(errno)))", location: path)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > limit {
                throw CommonError(.readFailed, "\(path): larger than \(limit >> 20) MiB", location: path)
            }
        }
        return bytes
    }
}
