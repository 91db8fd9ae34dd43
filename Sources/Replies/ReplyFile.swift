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
            throw RepliesError(.repliesUnreadable, detail, location: name)
        }
    }

    private static func tooLarge(_ name: String) -> RepliesError {
        RepliesError(.repliesTooLarge, "the reply is too large: a reply may be at most \(ReplyParser.maximumSize >> 20) MiB",
                            location: name)
    }
}
