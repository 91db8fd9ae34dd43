/// Request IDs: `SPC-XXXX-XXXX`, eight Crockford base32 characters (40 bits) from the CSPRNG.
public enum RequestID {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The ID the first five of `bytes` spell (the caller draws them from the CSPRNG).
    public static func spelled(by bytes: some Collection<UInt8>) -> String {
        precondition(bytes.count >= 5, "a request ID needs 40 bits")
        var value: UInt64 = 0
        for byte in bytes.prefix(5) { value = value << 8 | UInt64(byte) }
        var characters: [Character] = []
        for shift in stride(from: 35, through: 0, by: -5) {
            characters.append(alphabet[Int(value >> UInt64(shift) & 31)])
        }
        return "SPC-" + String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    /// The canonical form of a typed ID (upper case; Crockford's O→0, I/L→1), or nil if it is not one.
    ///
    /// With `requiringPrefix`, only text that starts with `SPC` is an ID: where a name may
    /// stand as well (a connection name such as `payments` or `finance1`), eight letters
    /// alone are a name.
    public static func normalize(_ text: String, requiringPrefix: Bool = false) -> String? {
        var body = text.uppercased().filter { $0 != "-" && $0 != " " }
        if body.hasPrefix("SPC") {
            body.removeFirst(3)
        } else if requiringPrefix {
            return nil
        }
        let mapped = body.map { character -> Character in
            switch character {
            case "O": return "0"
            case "I", "L": return "1"
            default: return character
            }
        }
        guard mapped.count == 8, mapped.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return "SPC-" + String(mapped[0..<4]) + "-" + String(mapped[4..<8])
    }
}
