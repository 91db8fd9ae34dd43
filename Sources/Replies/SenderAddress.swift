import Common

/// The addresses of a `From` field (RFC 5322 §3.4: a mailbox list of `Name <addr>` or
/// bare `addr`), lower case, for comparing with the addresses a request went to.
public enum SenderAddress {
    /// Every address in `field` (decoded text of the header), lower case, in order.
    /// Display names, comments and quoted strings are skipped, so a name such as
    /// `"admin@contoso.com" <mallory@evil.example>` gives only the real address.
    public static func addresses(in field: String) -> [String] {
        var addresses: [String] = []
        var current = ""
        var angle: String?
        var quoted = false
        var comment = 0
        var escaped = false
        func flush() {
            let candidate = (angle ?? current).trimmingWhitespace
            if let address = normalized(candidate) { addresses.append(address) }
            current = ""
            angle = nil
        }
        for character in field {
            if escaped {
                escaped = false
                continue
            }
            if character == "\\" {
                escaped = true
                continue
            }
            if quoted {
                if character == "\"" { quoted = false }
                continue
            }
            if comment > 0 {
                if character == "(" { comment += 1 } else if character == ")" { comment -= 1 }
                continue
            }
            switch character {
            case "\"": quoted = true
            case "(": comment = 1
            case "<": angle = ""
            case ">":
                if let inside = angle { current = inside }
                angle = nil
                if let address = normalized(current.trimmingWhitespace) { addresses.append(address) }
                current = ""
            case ",", ";":
                if angle == nil { flush() } else { angle?.append(character) }
            default:
                if angle != nil { angle?.append(character) } else { current.append(character) }
            }
        }
        flush()
        return addresses
    }

    /// An address as a message may show it: control and format characters escaped.
    public static func shown(_ address: String) -> String { ShownText.escaped(address) }

    /// `local@domain`, lower case, when `text` is one address and nothing else.
    static func normalized(_ text: String) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(where: { $0.isWhitespace || $0.isNewline }),
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { return nil }
        return text.lowercased()
    }
}
