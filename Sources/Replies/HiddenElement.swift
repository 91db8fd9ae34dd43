import Common
import MIME

/// Whether an HTML element is one a reader of the email cannot see, from its attributes:
/// the `hidden` attribute, or an inline style with `display:none`, `visibility:hidden` or
/// `collapse`, `mso-hide:all` (Outlook's own), `opacity` under 0.1, `color:transparent`, a
/// tiny font size (in any unit), a large negative offset or `text-indent` (off the screen),
/// `clip:rect(…)`, any `clip-path`, a scale near 0, the same colour as its background (both
/// given inline), or a zero height or width with `overflow:hidden`. Text in such an element
/// is not read for values (someone who can write HTML into the thread must not be able to
/// supply IDs the admin never saw). A style sheet's rules that hide a class or an ID
/// (`.x { display: none }`, `span.x, #y { … }`) count too. Hiding rules spconnect cannot
/// apply (type, descendant or pseudo-class selectors, rules inside `@media`) are kept in
/// ``Rules/unapplied``: the part's values are then not trusted without a check (fail closed).
///
/// The properties are CSS's own (https://www.w3.org/TR/css-display-3/#valdef-display-none,
/// https://www.w3.org/TR/css-display-3/#visibility, HTML's `hidden` attribute:
/// https://html.spec.whatwg.org/multipage/interaction.html#the-hidden-attribute).
enum HiddenElement {
    private static let commentOpen: [UInt8] = Array("<!--".utf8)
    private static let commentClose: [UInt8] = Array("-->".utf8)

    /// The classes and IDs that a message's style sheets hide.
    struct Rules: Sendable {
        private(set) var classes: Set<[UInt8]> = []
        private(set) var ids: Set<[UInt8]> = []
        /// Rules that hide content but that spconnect cannot apply (a type or descendant
        /// selector, a pseudo-class, a rule inside `@media`), as written (the first few):
        /// text in such a part may be hidden from its reader, so its values are not trusted.
        private(set) var unapplied: [String] = []

        var isEmpty: Bool { classes.isEmpty && ids.isEmpty }

        private mutating func noteUnapplied(_ selector: ArraySlice<UInt8>) {
            guard unapplied.count < 3 else { return }
            let text = String(decoding: selector, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            unapplied.append(ShownText.escaped(text, limit: 60))
        }

        /// Whether any innermost `{…}` block of `text` hides (rules nested in an at-rule).
        private static func anyBlockHides(_ text: ArraySlice<UInt8>) -> Bool {
            var open: Int?
            for index in text.indices {
                if text[index] == UInt8(ascii: "{") {
                    open = index
                } else if text[index] == UInt8(ascii: "}"), let start = open {
                    if styleHides(text[(start + 1)..<index]) { return true }
                    open = nil
                }
            }
            return false
        }

        /// Reads the rules of one style sheet (the text of a `<style>` element).
        mutating func read(_ sheet: ArraySlice<UInt8>) {
            // Without comments, and without the `<!--` `-->` that hide a sheet from old clients.
            var text: [UInt8] = []
            text.reserveCapacity(sheet.count)
            var scan = sheet.startIndex
            while scan < sheet.endIndex {
                if sheet[scan] == UInt8(ascii: "/"), scan + 1 < sheet.endIndex, sheet[scan + 1] == UInt8(ascii: "*") {
                    var close = scan + 2
                    while close + 1 < sheet.endIndex && !(sheet[close] == UInt8(ascii: "*") && sheet[close + 1] == UInt8(ascii: "/")) { close += 1 }
                    scan = close + 2
                    text.append(ASCII.space)
                    continue
                }
                if sheet[scan...].starts(with: HiddenElement.commentOpen) {
                    scan += HiddenElement.commentOpen.count
                    continue
                }
                if sheet[scan...].starts(with: HiddenElement.commentClose) {
                    scan += HiddenElement.commentClose.count
                    continue
                }
                text.append(sheet[scan])
                scan += 1
            }
            var index = 0
            var selectorStart = 0
            let count = text.count
            while index < count {
                let byte = text[index]
                if byte == UInt8(ascii: "}") {
                    selectorStart = index + 1
                } else if byte == UInt8(ascii: "{") {
                    // The block ends at its matching brace (at-rules nest blocks).
                    var depth = 1
                    var close = index + 1
                    while close < count && depth > 0 {
                        if text[close] == UInt8(ascii: "{") { depth += 1 } else if text[close] == UInt8(ascii: "}") { depth -= 1 }
                        close += 1
                    }
                    let selectors = text[selectorStart..<index]
                    let isAtRule = selectors.first { !ASCII.isWhitespace($0) } == UInt8(ascii: "@")
                    let body = text[(index + 1)..<max(index + 1, close - 1)]
                    if isAtRule {
                        // `@media all { b { display: none } }`: whether it applies depends on the reader's screen.
                        if Self.anyBlockHides(body) { noteUnapplied(selectors) }
                    } else if styleHides(body) {
                        add(selectors)
                    }
                    index = close
                    selectorStart = close
                    continue
                }
                index += 1
            }
        }

        /// Adds the classes and IDs of simple selectors (`.x`, `span.x`, `#y`); others are not applied.
        private mutating func add(_ selectors: ArraySlice<UInt8>) {
            for selector in selectors.split(separator: UInt8(ascii: ",")) {
                var trimmed = selector.drop(while: ASCII.isWhitespace)
                while let last = trimmed.last, ASCII.isWhitespace(last) { trimmed = trimmed.dropLast() }
                guard !trimmed.isEmpty else { continue }
                // Only `.x`, `#y` and `tag.x` are applied; any other selector that hides (`b`, `div p`,
                // `p:first-child`, `*`, `[title]`) makes the part's text untrusted instead.
                guard !trimmed.contains(where: { ASCII.isWhitespace($0) || $0 == ASCII.greater || $0 == UInt8(ascii: "+")
                    || $0 == UInt8(ascii: "~") || $0 == ASCII.colon || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "*") }),
                      trimmed.contains(where: { $0 == ASCII.dot || $0 == UInt8(ascii: "#") }) else {
                    noteUnapplied(trimmed)
                    continue
                }
                var index = trimmed.startIndex
                while index < trimmed.endIndex {
                    let marker = trimmed[index]
                    index += 1
                    guard marker == ASCII.dot || marker == UInt8(ascii: "#") else { continue }
                    let nameStart = index
                    while index < trimmed.endIndex && trimmed[index] != ASCII.dot && trimmed[index] != UInt8(ascii: "#") { index += 1 }
                    let name = trimmed[nameStart..<index].map(ASCII.lower)
                    guard !name.isEmpty else { continue }
                    if marker == ASCII.dot { classes.insert(name) } else { ids.insert(name) }
                }
            }
        }
    }

    /// Whether the attributes in `html[start..<end]` (after the tag's name, before its `>`)
    /// hide the element, by themselves or through `rules`.
    static func isHidden(_ html: [UInt8], from start: Int, to end: Int, rules: Rules = Rules()) -> Bool {
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
            if !rules.isEmpty {
                let words = html[valueStart..<valueEnd].split(whereSeparator: ASCII.isWhitespace).map { $0.map(ASCII.lower) }
                if equals(name, "class") && words.contains(where: rules.classes.contains) { return true }
                if equals(name, "id") && words.contains(where: rules.ids.contains) { return true }
            }
        }
        return false
    }

    private static func equals(_ name: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard name.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in zip(name, buffer).allSatisfy { ASCII.lower($0) == $1 } }
    }

    /// Font sizes under which text cannot be read, per unit (2 px or pt, a fifth of the parent's size…).
    private static let tinyFontSizes: [String: Double] = ["px": 2, "pt": 2, "pc": 0.17, "mm": 0.7, "q": 2.8, "cm": 0.07, "in": 0.03,
                                                         "em": 0.2, "rem": 0.2, "ex": 0.4, "ch": 0.4, "%": 20, "vw": 0.2, "vh": 0.2,
                                                         "vmin": 0.2, "vmax": 0.2]
    /// Negative offsets from which an element is off the screen, per unit; other units: any negative offset.
    private static let farOffsets: [String: Double] = ["px": 500, "pt": 375, "em": 30, "rem": 30, "%": 100, "vw": 100, "vh": 100, "cm": 13, "mm": 130, "in": 5]

    /// A colour in one spelling: `#fff`, `#ffffff`, `white`, `rgb(255,255,255)` are all `#ffffff`.
    private static func colour(_ text: String) -> String {
        let named = ["white": "#ffffff", "black": "#000000"]
        var value = text.split(separator: " ").first.map(String.init) ?? text
        if let known = named[value] { return known }
        if value.hasPrefix("#"), value.count == 4 { value = "#" + value.dropFirst().map { "\($0)\($0)" }.joined() }
        if value.hasPrefix("rgb(") || value.hasPrefix("rgba(") {
            let parts = value.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }.split(separator: ",")
            if parts.count >= 3, let red = Int(parts[0]), let green = Int(parts[1]), let blue = Int(parts[2]) {
                func hex(_ part: Int) -> String { let digits = String(min(255, max(0, part)), radix: 16); return digits.count == 1 ? "0" + digits : digits }
                return "#" + hex(red) + hex(green) + hex(blue)
            }
        }
        return value
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
        if let (opacity, _) = number(declarations["opacity"]), opacity < 0.1 { return true }
        if let (size, unit) = number(declarations["font-size"]), size <= 0 || size < (tinyFontSizes[unit] ?? 0) { return true }
        // Moved off the screen: a large negative offset or indent.
        for property in ["left", "top", "right", "bottom", "margin-left", "margin-top", "margin-right", "text-indent"] {
            if let (offset, unit) = number(declarations[property]), offset < 0, -offset >= (farOffsets[unit] ?? 0) { return true }
        }
        // Clipped away, scaled to nothing, or white on white (both colours given inline).
        if let clip = declarations["clip"], clip.hasPrefix("rect(") { return true }
        if let clip = declarations["clip-path"], clip != "none" { return true }
        for property in ["transform", "scale"] {
            guard let value = declarations[property] else { continue }
            var rest = Substring(value)
            if property == "scale", let (factor, _) = number(value), abs(factor) < 0.1 { return true }
            // scale(0), scaleX(0), scale3d(0,…): any factor near zero.
            while let range = rest.firstRange(of: "scale") {
                rest = rest[range.upperBound...]
                if rest.hasPrefix("3d") { rest = rest.dropFirst(2) }
                rest = rest.drop { $0.isLetter }
                guard rest.hasPrefix("(") else { continue }
                rest = rest.dropFirst()
                if let (factor, _) = number(String(rest)), abs(factor) < 0.1 { return true }
            }
        }
        if let color = declarations["color"].map(colour), let background = (declarations["background-color"] ?? declarations["background"]).map(colour),
           color == background { return true }
        if declarations["overflow"] == "hidden" {
            for property in ["height", "max-height", "width", "max-width"] {
                if let (size, _) = number(declarations[property]), size <= 0 { return true }
            }
        }
        return false
    }
}
