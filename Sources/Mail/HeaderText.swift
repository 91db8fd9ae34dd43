/// Checks for values that reach a header or the SMTP envelope.
///
/// A value is refused, naming its field, when it holds a character that could end a
/// header line or confuse a parser: any C0 or C1 control (CR, LF, NUL, TAB, ESC…),
/// DEL, and the Unicode line and paragraph separators. Nothing is ever stripped or
/// replaced silently.
enum HeaderText {
    /// Refuses `value` if it holds a control character; `field` names it in the error.
    static func refuseControls(_ value: String, field: String) throws(MailError) {
        var position = 0
        for scalar in value.unicodeScalars {
            position += 1
            if let name = controlName(scalar) {
                throw MailError(.controlCharacter,
                                "contains \(name) (U+\(hex(scalar.value))) at character \(position); header and envelope values must be one line of text",
                                location: field)
            }
        }
    }

    /// A human name for a refused scalar, or nil when the scalar is allowed.
    static func controlName(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x0D: return "a carriage return"
        case 0x0A: return "a line feed"
        case 0x00: return "a NUL character"
        case 0x09: return "a tab"
        case 0x01...0x1F, 0x7F: return "a control character"
        case 0x80...0x9F: return "a C1 control character"
        case 0x2028: return "a line separator"
        case 0x2029: return "a paragraph separator"
        default: return nil
        }
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
