/// A one-line JSON object of string and integer members, in the order given: the form
/// of a JWT's header and claims.
enum CompactJSON {
    enum Value {
        case string(String)
        case int(Int)
    }

    static func object(_ members: [(String, Value)]) -> String {
        var output = "{"
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { output += "," }
            output += quoted(key) + ":"
            switch value {
            case .string(let text): output += quoted(text)
            case .int(let number): output += String(number)
            }
        }
        return output + "}"
    }

    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
