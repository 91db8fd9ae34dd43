/// Whether an HTML element is one a reader of the email cannot see, from its attributes:
/// the `hidden` attribute, or an inline style with `display:none`, `visibility:hidden` or
/// `collapse`, `mso-hide:all` (Outlook's own), `opacity:0`, `color:transparent`, a font size
/// of 0 (or under 2 px or pt), or a zero height or width with `overflow:hidden`. Text in such
/// an element is not read for values (someone who can write HTML into the thread must not
/// be able to supply IDs the admin never saw).
///
/// The properties are CSS's own (https://www.w3.org/TR/css-display-3/#valdef-display-none,
/// https://www.w3.org/TR/css-display-3/#visibility, HTML's `hidden` attribute:
/// https://html.spec.whatwg.org/multipage/interaction.html#the-hidden-attribute).
enum HiddenElement {
    /// Whether the attributes in `html[start..<end]` (after the tag's name, before its `>`) hide the element.
    static func isHidden(_ html: [UInt8], from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            while index < end && (ASCII.isWhitespace(html[index]) || html[index] == UInt8(ascii: "/")) { index += 1 }
            let nameStart = index
            while index < end && !ASCII.isWhitespace(html[index]) && html[index] != ASCII.equals && html[index] != UInt8(ascii: "/") { index += 1 }
            guard index > nameStart else {
                index += 1
                continue
            }
            let name = html[nameStart..<index]
            var valueStart = index
            var valueEnd = index
            var probe = index
            while probe < end && ASCII.isWhitespace(html[probe]) { probe += 1 }
            if probe < end && html[probe] == ASCII.equals {
                probe += 1
                while probe < end && ASCII.isWhitespace(html[probe]) { probe += 1 }
                if probe < end && (html[probe] == ASCII.quote || html[probe] == ASCII.apostrophe) {
                    let quote = html[probe]
                    valueStart = probe + 1
                    valueEnd = valueStart
                    while valueEnd < end && html[valueEnd] != quote { valueEnd += 1 }
                    index = min(end, valueEnd + 1)
                } else {
                    valueStart = probe
                    valueEnd = probe
                    while valueEnd < end && !ASCII.isWhitespace(html[valueEnd]) { valueEnd += 1 }
                    index = valueEnd
                }
            }
            if equals(name, "hidden") { return true }
            if equals(name, "style") && styleHides(html[valueStart..<valueEnd]) { return true }
        }
        return false
    }

    private static func equals(_ name: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard name.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in zip(name, buffer).allSatisfy { ASCII.lower($0) == $1 } }
    }

    /// Whether a `style` value hides its element. Character references are decoded first
    /// (`display&colon;none` is `display:none` to a browser); case and blanks are ignored.
    static func styleHides(_ value: ArraySlice<UInt8>) -> Bool {
        var style: [UInt8] = []
        style.reserveCapacity(value.count)
        let raw = Array(value)
        var offset = 0
        while offset < raw.count {
            if raw[offset] == UInt8(ascii: "&"), let (scalar, next) = HTMLEntities.decode(raw, at: offset) {
                if scalar < 0x80, !ASCII.isWhitespace(UInt8(scalar)) { style.append(ASCII.lower(UInt8(scalar))) }
                offset = next
                continue
            }
            if !ASCII.isWhitespace(raw[offset]) { style.append(ASCII.lower(raw[offset])) }
            offset += 1
        }
        var declarations: [String: String] = [:]
        for declaration in style.split(separator: ASCII.semicolon) {
            guard let colon = declaration.firstIndex(of: ASCII.colon) else { continue }
            let property = String(decoding: declaration[declaration.startIndex..<colon], as: UTF8.self)
            var text = String(decoding: declaration[(colon + 1)...], as: UTF8.self)
            if text.hasSuffix("!important") { text.removeLast(10) }
            declarations[property] = text
        }
        func number(_ text: String?) -> (Double, String)? {
            guard let text else { return nil }
            let digits = text.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }
            guard let value = Double(digits.isEmpty ? "x" : String(digits)) else { return nil }
            return (value, String(text.dropFirst(digits.count)))
        }
        if declarations["display"] == "none" || declarations["mso-hide"] == "all" { return true }
        if declarations["visibility"] == "hidden" || declarations["visibility"] == "collapse" { return true }
        if declarations["color"] == "transparent" { return true }
        if let (opacity, _) = number(declarations["opacity"]), opacity <= 0 { return true }
        if let (size, unit) = number(declarations["font-size"]), size <= 0 || ((unit == "px" || unit == "pt") && size < 2) { return true }
        if declarations["overflow"] == "hidden" {
            for property in ["height", "max-height", "width", "max-width"] {
                if let (size, _) = number(declarations[property]), size <= 0 { return true }
            }
        }
        return false
    }
}
