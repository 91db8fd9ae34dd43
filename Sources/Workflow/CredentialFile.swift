#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Common
internal import CShims

/// Where `exec`'s command reads the certificate and key from, without either touching a disk.
///
/// On Linux: an anonymous memory file (`memfd_create`, sealed against changes once written),
/// which the command inherits as descriptor ``childDescriptor`` and opens by the path
/// `/proc/self/fd/3`; it goes away with the last process that holds it, whatever way that ends.
/// Elsewhere: a file in a private temporary folder (0700, the file 0600) with the key
/// encrypted under a random password, both removed by ``remove()`` when the command ends.
final class CredentialFile {
    /// The descriptor number the command finds the memory file at.
    static let childDescriptor: Int32 = 3

    /// spconnect's own descriptor of the memory file (close-on-exec; the child gets a copy
    /// at ``childDescriptor``), or -1 for a file on disk.
    let descriptor: Int32
    /// The path the command opens.
    let path: String
    /// The password the key is encrypted with, for the file on disk (nil for the memory file).
    let password: SecretBytes?
    private var folder: String?

    /// The memory file holding `contents` (Linux).
    ///
    /// - Throws: ``ErrorCode/childProcessFailed`` when the system refuses.
    init(memory contents: SecretBytes) throws {
        let created = spc_memfd_create("spconnect-credential")
        guard created >= 0 else { throw Self.failure("memfd_create") }
        // Never 3 itself: the child's copy at 3 is then made by dup2, which leaves it open across exec.
        let fd = fcntl(created, F_DUPFD_CLOEXEC, 10)
        close(created)
        guard fd >= 0 else { throw Self.failure("fcntl(F_DUPFD_CLOEXEC)") }
        descriptor = fd
        path = "/proc/self/fd/\(Self.childDescriptor)"
        password = nil
        guard Self.writeAll(contents, to: fd), spc_memfd_seal(fd) == 0 else {
            close(fd)
            throw Self.failure("writing the memory file")
        }
    }

    /// A file in a new private folder under `temporaryFolder`, holding `contents` (other systems).
    init(file contents: SecretBytes, password: SecretBytes, temporaryFolder: String) throws {
        var template = Array((temporaryFolder + "/spconnect-exec-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw Self.failure("mkdtemp") }
        let folder = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        self.folder = folder
        path = folder + "/credential.pem"
        descriptor = -1
        self.password = password
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            rmdir(folder)
            throw Self.failure("creating \(path)")
        }
        let written = Self.writeAll(contents, to: fd)
        close(fd)
        guard written else {
            unlink(path)
            rmdir(folder)
            throw Self.failure("writing \(path)")
        }
    }

    /// Closes the memory file, or removes the file and its folder.
    func remove() {
        if descriptor >= 0 { close(descriptor) }
        if let folder {
            unlink(path)
            rmdir(folder)
            self.folder = nil
        }
    }

    deinit { remove() }

    private static func writeAll(_ contents: SecretBytes, to fd: Int32) -> Bool {
        contents.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
    }

    private static func failure(_ call: String) -> WorkflowError {
        let reason = String(cString: strerror(errno))
        return WorkflowError(.childProcessFailed, "the credential for the command could not be made: \(call): \(reason)",
                             facts: ErrorFacts(actor: .you, values: [.problem: "credential"]))
    }
}
