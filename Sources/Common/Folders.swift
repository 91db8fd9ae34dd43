#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creating folders the way `mkdir -p` does, with a private last folder.
public enum Folders {
    /// Creates `path` and any missing parents (parents 0755, `path` itself `mode`), and
    /// checks that it is a folder.
    public static func make(_ path: String, mode: UInt32 = 0o700) throws(CommonError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        let components = path.split(separator: "/")
        for (index, component) in components.enumerated() {
            prefix += component
            let isLast = index == components.count - 1
            if mkdir(prefix, mode_t(isLast ? mode : 0o755)) != 0 && errno != EEXIST {
                throw CommonError(.writeFailed, "cannot create the folder: \(String(cString: strerror(errno)))", location: prefix,
                                  facts: .step(.makeFolder, path: prefix))
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CommonError(.folderMissing, "\(path) is not a folder", facts: .step(.notFolder, path: path))
        }
    }
}
