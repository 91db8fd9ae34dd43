/// Quoting user-supplied values for the scripts the admin runs.
///
/// Every value that came from the requester (app name, tenant, site addresses…) reaches a
/// script only through these functions, so no character in it can end the literal it sits in:
/// the templates insert the results as they are (`{{{…}}}`), never inside other quotes.
public enum ScriptQuoting {
    /// A POSIX shell word that is exactly `value`: single-quoted, each `'` written as `'\''`.
    ///
    /// Inside single quotes a POSIX shell expands nothing (`$`, backticks, `\`, `;`, newlines
    /// are all literal), and the only character that ends them is `'`.
    public static func shell(_ value: String) -> String {
        "'" + value.replacing("'", with: "'\\''") + "'"
    }

    /// `text` as one shell word: as it is when it holds only characters no shell treats
    /// specially (letters, digits, `@%+=:,./_-`), else single-quoted (``shell(_:)``).
    public static func shellWord(_ text: String) -> String {
        isPlain(text, extra: "@%+=:,./_-") ? text : shell(text)
    }

    /// `text` as one PowerShell argument: as it is when it holds only letters, digits and
    /// `./_-:`, else a verbatim string (``powerShell(_:)``).
    public static func powerShellWord(_ text: String) -> String {
        isPlain(text, extra: "./_-:") ? text : powerShell(text)
    }

    private static func isPlain(_ text: String, extra: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || extra.unicodeScalars.contains(scalar))
        }
    }

    /// A PowerShell verbatim string that is exactly `value`: single-quoted, each quote doubled.
    ///
    /// PowerShell treats the typographic quotes U+2018, U+2019, U+201A and U+201B as single
    /// quotes too, so those are doubled as well; inside a verbatim string nothing else is special.
    /// Source: about_Quoting_Rules, https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules
    public static func powerShell(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}":
                out.unicodeScalars.append(scalar)
                out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// A JSON string literal (RFC 8259), with `<`, `>`, `&` and non-ASCII escaped as `\uXXXX`
    /// so the literal is plain ASCII wherever it is pasted.
    public static func json(_ value: String) -> String {
        var out = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20...0x7E where unit != 0x3C && unit != 0x3E && unit != 0x26:
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let digits = Array("0123456789abcdef")
                out += "\\u" + String([digits[Int(unit >> 12)], digits[Int(unit >> 8 & 15)], digits[Int(unit >> 4 & 15)], digits[Int(unit & 15)]])
            }
        }
        return out + "\""
    }

    /// An OData string literal for a `$filter` (`'` doubled), not yet URL-encoded.
    public static func odata(_ value: String) -> String {
        "'" + value.replacing("'", with: "''") + "'"
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, for a URL query.
    public static func urlQueryComponent(_ value: String) -> String {
        var out = ""
        let digits = Array("0123456789ABCDEF")
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }
        }
        return out
    }
}
