/// A `Content-Type` header value (RFC 2045 §5.1): `type/subtype; name=value; …`.
public struct ContentType: Sendable, Equatable {
    /// The media type, lower case (`text`, `multipart`…).
    public let type: String
    /// The subtype, lower case (`plain`, `html`, `alternative`…).
    public let subtype: String
    /// The parameters, names lower case, values unquoted (RFC 2231 continuations joined).
    public let parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `text/plain; charset=us-ascii`, what a part without the header is (RFC 2045 §5.2).
    public static let defaultText = ContentType(type: "text", subtype: "plain")
    /// `message/rfc822`, the default inside `multipart/digest`.
    public static let message = ContentType(type: "message", subtype: "rfc822")

    /// `type/subtype`.
    public var mimeType: String { "\(type)/\(subtype)" }
    /// The `charset` parameter, if any.
    public var charset: String? { parameters["charset"] }
    /// The `boundary` parameter of a multipart, if any.
    public var boundary: String? { parameters["boundary"] }
    /// Whether this is `multipart/*`.
    public var isMultipart: Bool { type == "multipart" }
    /// Whether this is `text/*`.
    public var isText: Bool { type == "text" }
    /// Whether this is `text/html`.
    public var isHTML: Bool { type == "text" && subtype == "html" }
    /// `format=flowed` (RFC 3676).
    public var isFlowed: Bool { type == "text" && subtype == "plain" && parameters["format"]?.lowercased() == "flowed" }

    /// Parses a header value; a missing or malformed type gives ``defaultText``'s type.
    public init(parsing value: String) {
        var fields = Self.split(value)
        let full = (fields.isEmpty ? "" : fields.removeFirst()).trimmed.lowercased()
        let slash = full.firstIndex(of: "/")
        var type = slash.map { String(full[..<$0]) } ?? full
        var subtype = slash.map { String(full[full.index(after: $0)...]) } ?? ""
        type = type.trimmed
        subtype = subtype.trimmed
        if type.isEmpty || subtype.isEmpty || type.contains(" ") || subtype.contains(" ") {
            type = "text"
            subtype = "plain"
        }
        var plain: [String: String] = [:]
        var pieces: [String: [(Int, String, Bool)]] = [:]
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let name = String(field[..<equals]).trimmed.lowercased()
            let value = Self.unquote(String(field[field.index(after: equals)...]).trimmed)
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                // RFC 2231: name*=charset'lang'%XX…, name*0=…, name*1*=…
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.filter { $0 != "*" }) ?? 0
                pieces[base, default: []].append((number, value, encoded))
            } else if plain[name] == nil {
                plain[name] = value
            }
        }
        for (name, parts) in pieces where plain[name] == nil {
            var joined = ""
            for (offset, part) in parts.sorted(by: { $0.0 < $1.0 }).enumerated() {
                var text = part.1
                if part.2 {
                    if offset == 0, let tick = text.firstIndex(of: "'"), let second = text[text.index(after: tick)...].firstIndex(of: "'") {
                        text = String(text[text.index(after: second)...])
                    }
                    text = Self.percentDecoded(text)
                }
                joined += text
            }
            plain[name] = joined
        }
        self.init(type: type, subtype: subtype, parameters: plain)
    }

    /// Splits on `;` outside quoted strings.
    private static func split(_ value: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && quoted {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character == ";" && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    private static func unquote(_ value: String) -> String {
        guard value.hasPrefix("\""), value.count >= 2 else { return value }
        var output = ""
        var escaped = false
        for character in value.dropFirst() {
            if escaped {
                output.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                output.append(character)
            }
        }
        return output
    }

    private static func percentDecoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: Charset.repairedUTF8(output), as: UTF8.self)
    }
}

extension String {
    /// Without leading and trailing blanks, CR and LF.
    var trimmed: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end && ASCII.isWhitespace(bytes[start]) { start += 1 }
        while end > start && ASCII.isWhitespace(bytes[end - 1]) { end -= 1 }
        return start == 0 && end == bytes.count ? self : String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
