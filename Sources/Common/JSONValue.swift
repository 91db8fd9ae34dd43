/// A JSON document built by hand and rendered in the same pretty, sorted-key form as
/// Foundation's `JSONEncoder` with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`,
/// for outputs large enough that `JSONEncoder` is too slow (`connections --json` over
/// thousands of records). A `nil` member is left out, as `JSONEncoder` does.
public indirect enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Members in the order given; ``members(_:)`` sorts them by key.
    case object([(String, JSONValue)])

    /// A string, or nothing when `value` is nil (the member is left out).
    public static func optional(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// An object from members, leaving out the nil ones.
    public static func members(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 })
    }

    /// This object with one more member, kept in key order (any other value is returned as it is).
    public func adding(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object((members.filter { $0.0 != key } + [(key, value)]).sorted { $0.0 < $1.0 })
    }

    /// The pretty-printed text.
    public var rendered: String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        render(into: &output, depth: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// `{ "key" : [ … ] }` with one item made and rendered at a time, so a long listing never
    /// holds a tree of the whole document: the same text as
    /// `.object([(key, .array(items.map(transform)))]).rendered`.
    public static func renderList<S: Sequence>(key: String, _ items: S, _ transform: (S.Element) -> JSONValue) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        output += "{\n".utf8
        indent(1, into: &output)
        escape(key, into: &output)
        output += " : [\n".utf8
        var first = true
        for item in items {
            if !first { output += ",\n".utf8 }
            first = false
            indent(2, into: &output)
            transform(item).render(into: &output, depth: 2)
        }
        output.append(0x0A)
        indent(1, into: &output)
        output += "]\n}".utf8
        return String(decoding: output, as: UTF8.self)
    }

    private func render(into output: inout [UInt8], depth: Int) {
        switch self {
        case .string(let text): Self.escape(text, into: &output)
        case .int(let number): output += String(number).utf8
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .null: output += "null".utf8
        case .array(let items):
            output += "[\n".utf8
            if items.isEmpty { output.append(0x0A) }
            for (index, item) in items.enumerated() {
                Self.indent(depth + 1, into: &output)
                item.render(into: &output, depth: depth + 1)
                output += (index == items.count - 1 ? "\n" : ",\n").utf8
            }
            Self.indent(depth, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output += "{\n".utf8
            if members.isEmpty { output.append(0x0A) }
            for (index, (key, value)) in members.enumerated() {
                Self.indent(depth + 1, into: &output)
                Self.escape(key, into: &output)
                output += " : ".utf8
                value.render(into: &output, depth: depth + 1)
                output += (index == members.count - 1 ? "\n" : ",\n").utf8
            }
            Self.indent(depth, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func indent(_ depth: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private static func escape(_ text: String, into output: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if plain {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [0x5C, 0x22]
            case UInt8(ascii: "\\"): output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            case 0x08: output += [0x5C, UInt8(ascii: "b")]
            case 0x0C: output += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20: output += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
