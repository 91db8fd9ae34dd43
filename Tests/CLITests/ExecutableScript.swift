import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes `text` to `path` as an executable script (mode 0755), through a descriptor opened
/// close-on-exec: a child that another test starts meanwhile must not inherit it open for
/// writing, which would make running the script fail with "Text file busy".
func writeExecutable(_ path: String, _ text: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        written += count
    }
    fchmod(descriptor, 0o755)
}
