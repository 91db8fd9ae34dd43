import TestSupport

/// Random inputs for the round trips, every choice drawn from a seeded ``SeededGenerator``.
enum RandomText {
    /// Pieces a header value or file name is made of: plain words, the characters that
    /// force quoting or encoding, encoded-word look-alikes, non-ASCII in 2, 3 and 4 bytes.
    static let headerPieces: [String] = [
        "a", "Report", "x", "42", " ", " ", "  ", ".", "-", "_", "+", "(", ")", "\"", "\\", ";", ":", ",", "<", ">", "@",
        "=", "?", "=?", "?=", "=?utf-8?q?x?=", "%", "%41", "*", "'", "/", "[", "]", "~", "é", "Ärger", "ß", "€", "日本語", "🙂",
        "\u{202E}", "\u{FEFF}", "\u{00A0}", String(repeating: "w", count: 75), String(repeating: "ü", count: 30),
    ]

    /// Pieces of a text body: words, blanks that may end a line, `=`, a leading dot or
    /// `From `, non-ASCII, and every kind of line break.
    static let bodyPieces: [String] = [
        "word", "Hello", " ", " ", "\t", "=", "=3D", ".", "From ", "F", "é", "日本", "🙂", "€",
        String(repeating: "long", count: 30), "\r\n", "\n", "\r", "\r\n.\r\n", "\nFrom x\n",
    ]

    /// A string of up to `maximum` pieces (possibly empty).
    static func make(_ pieces: [String], maximum: Int, using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 0...maximum, using: &generator)
        var text = ""
        for _ in 0..<count { text += pieces[Int.random(in: 0..<pieces.count, using: &generator)] }
        return text
    }

    /// Random bytes, 0 to `maximum` of them.
    static func bytes(maximum: Int, using generator: inout SeededGenerator) -> [UInt8] {
        let count = Int.random(in: 0...maximum, using: &generator)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The text with every line break (CRLF, LF or CR) as CRLF.
    static func crlf(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D || bytes[index] == 0x0A {
                out += [0x0D, 0x0A]
                if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else {
                out.append(bytes[index])
            }
            index += 1
        }
        return out
    }

    /// The lines of CRLF-terminated bytes; nil when a CR or LF stands alone.
    static func crlfLines(_ bytes: [UInt8]) -> [[UInt8]]? {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else { return nil }
                lines.append(current)
                current = []
                index += 2
                continue
            }
            if bytes[index] == 0x0A { return nil }
            current.append(bytes[index])
            index += 1
        }
        return current.isEmpty ? lines : nil
    }
}
