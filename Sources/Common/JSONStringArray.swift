/// Reads a JSON array of strings (`["a","b\"c"]`) without `JSONDecoder`, for columns
/// read thousands of times in a listing. Returns nil for anything else.
public enum JSONStringArray {
    public static func decode(_ text: String) -> [String]? {
        var scalars = text.unicodeScalars.makeIterator()
        var values: [String] = []
        func next() -> Unicode.Scalar? {
            while let scalar = scalars.next() {
                if scalar != " " && scalar != "\n" && scalar != "\t" && scalar != "\r" { return scalar }
            }
            return nil
        }
        guard next() == "[" else { return nil }
        var expectValue = true
        while let scalar = next() {
            switch scalar {
            case "]" where values.isEmpty || !expectValue:
                return next() == nil ? values : nil
            case "," where !expectValue:
                expectValue = true
            case "\"" where expectValue:
                var value = String.UnicodeScalarView()
                while true {
                    guard let character = scalars.next() else { return nil }
                    if character == "\"" { break }
                    if character != "\\" { value.append(character); continue }
                    guard let escaped = scalars.next() else { return nil }
                    switch escaped {
                    case "\"", "\\", "/": value.append(escaped)
                    case "n": value.append("\n")
                    case "r": value.append("\r")
                    case "t": value.append("\t")
                    case "b": value.append("\u{08}")
                    case "f": value.append("\u{0C}")
                    case "u":
                        var code: UInt32 = 0
                        for _ in 0..<4 {
                            guard let digit = scalars.next(), let nibble = UInt32(String(digit), radix: 16) else { return nil }
                            code = code << 4 | nibble
                        }
                        if (0xD800...0xDBFF).contains(code) {
                            guard scalars.next() == "\\", scalars.next() == "u" else { return nil }
                            var low: UInt32 = 0
                            for _ in 0..<4 {
                                guard let digit = scalars.next(), let nibble = UInt32(String(digit), radix: 16) else { return nil }
                                low = low << 4 | nibble
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let decoded = Unicode.Scalar(code) else { return nil }
                        value.append(decoded)
                    default: return nil
                    }
                }
                values.append(String(value))
                expectValue = false
            default:
                return nil
            }
        }
        return nil
    }
}
