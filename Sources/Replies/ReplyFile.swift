import Common

/// Reads a reply from a file, or from standard input for `-`, refusing more than
/// ``ReplyParser/maximumSize`` bytes without reading further.
public enum ReplyFile {
    /// The bytes of `path` (`-`: standard input).
    public static func read(_ path: String) throws(RepliesError) -> [UInt8] {
        let name = path == "-" ? "standard input" : path
        do {
            return try FileBytes.read(path, limit: ReplyParser.maximumSize)
        } catch where error.code == .tooLarge {
            throw tooLarge(name)
        } catch {
            let detail = error.reason.hasPrefix(name + ": ") ? String(error.reason.dropFirst(name.count + 2)) : error.reason
            throw RepliesError(.unreadable, detail, hint: "check the path of the reply file", location: name)
        }
    }

    private static func tooLarge(_ name: String) -> RepliesError {
        RepliesError(.tooLarge, "the reply is too large: a reply may be at most \(ReplyParser.maximumSize >> 20) MiB",
                            hint: "save only the reply's text (or paste its reply block) into a file and import that, or give the values with --request, --tenant-id, --client-id and --thumbprint",
                            location: name)
    }
}
