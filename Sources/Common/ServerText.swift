/// What a server sent, made safe to show on a terminal, in JSON and in errors.
///
/// The one filter every server text passes before spconnect shows it (SharePoint site
/// titles, Entra error descriptions, SMTP replies, HTTP bodies): line breaks, tabs and
/// other white space become one space; every other control character (C0, DEL, C1, and
/// the Unicode bidirectional and zero-width format controls that reorder or hide text) is
/// shown as `?`; and the result is capped at a length, with what was left out counted.
public enum ServerText {
    /// The default cap: long enough for any real error description, short enough for a line.
    public static let defaultLimit = 300

    /// `text` filtered and capped at `limit` characters.
    public static func shown(_ text: String, limit: Int = defaultLimit) -> String {
        let (shown, dropped) = filter(text, limit: limit)
        return dropped > 0 ? shown + "… (\(dropped) more characters)" : shown
    }

    /// Bytes a server sent (invalid UTF-8 replaced), filtered and capped; only the first
    /// `limit * 4 + 4096` bytes are decoded, so a huge body costs nothing.
    public static func shown(bytes: [UInt8], limit: Int = defaultLimit) -> String {
        let window = limit * 4 + 4096
        let (shown, dropped) = filter(String(decoding: bytes.prefix(window), as: UTF8.self), limit: limit)
        if bytes.count > window { return shown + "… (\(bytes.count) bytes in all)" }
        return dropped > 0 ? shown + "… (\(dropped) more characters)" : shown
    }

    private static func filter(_ text: String, limit: Int) -> (String, Int) {
        var result = String.UnicodeScalarView()
        var kept = 0
        var dropped = 0
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isSpace(value) {
                pendingSpace = kept > 0
                continue
            }
            if kept >= limit {
                dropped += 1
                continue
            }
            if pendingSpace {
                result.append(" ")
                kept += 1
                pendingSpace = false
            }
            result.append(isControl(value) ? "?" : scalar)
            kept += 1
        }
        return (String(result), dropped)
    }

    static func isSpace(_ value: UInt32) -> Bool {
        value == 0x20 || (0x09...0x0D).contains(value) || value == 0x85 || value == 0xA0 || value == 0x2028 || value == 0x2029
    }

    /// C0, DEL, C1, bidirectional overrides and isolates, zero-width and other format controls.
    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
            || (0x200B...0x200F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2060...0x206F).contains(value) || value == 0xFEFF
            || (0xFFF9...0xFFFB).contains(value)
    }
}
