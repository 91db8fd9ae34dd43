import Common

/// Base64 as mail carries it (RFC 2045 §6.8): written in lines of 76 characters, read
/// leniently (line breaks and any byte outside the alphabet are skipped, and decoding
/// stops at the first `=`), so `decode(encode(bytes))` gives the bytes back, complete.
public enum MIMEBase64 {
    /// The bytes as base64 in CRLF-terminated lines of at most 76 characters.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = Array(Base64.encode(bytes).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var index = 0
        while index < encoded.count {
            let end = min(index + 76, encoded.count)
            out += encoded[index..<end]
            out += [0x0D, 0x0A]
            index = end
        }
        return out
    }

    @usableFromInline static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        // base64url's two characters, which some senders use by mistake.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// The decoded bytes, and whether the input stopped inside a group of four
    /// characters without padding (a sign that the message was cut short).
    @inlinable public static func decode<C: Collection>(_ input: C) -> (bytes: [UInt8], incomplete: Bool) where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var count = 0
        var padded = false
        for byte in input {
            if byte == ASCII.equals {
                padded = true
                break
            }
            let value = values[Int(byte)]
            if value == 0xFF { continue }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        switch count {
        case 2: output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default: break
        }
        return (output, count == 1 || (count != 0 && !padded))
    }
}
