/// Text from a reply (an address, an attachment's name) made safe to show in a message:
/// control, format (bidirectional overrides, zero-width characters) and line-separator
/// characters are written as `\u{…}`, so what reaches the terminal is what the reply says,
/// and nothing in it can move the cursor or reorder the line.
enum ShownText {
    static func escaped(_ text: String, limit: Int = 120) -> String {
        var output = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > limit ? output + "…" : output
    }
}
