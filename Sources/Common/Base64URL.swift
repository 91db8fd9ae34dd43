#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Base64 and base64url (RFC 4648 §5, no padding) for byte arrays, without Foundation.
public enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Standard base64 with padding.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        encode(Array(bytes), alphabet: standard, pad: true)
    }

    /// base64url without padding, as JOSE's `x5t` and JWT segments use.
    public static func encodeURL<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        encode(Array(bytes), alphabet: url, pad: false)
    }

    /// Standard base64 with padding of secret bytes, into wiped-on-release storage (no
    /// copy of the bytes or of their encoding is left behind).
    public static func encode(secret: SecretBytes) -> SecretBytes {
        let length = (secret.count + 2) / 3 * 4
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(length, 1), alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        secret.withUnsafeBytes { bytes in
            var out = 0
            var index = 0
            while index < bytes.count {
                let rest = min(3, bytes.count - index)
                var n = UInt32(bytes[index]) << 16
                if rest > 1 { n |= UInt32(bytes[index + 1]) << 8 }
                if rest > 2 { n |= UInt32(bytes[index + 2]) }
                buffer[out] = standard[Int(n >> 18 & 63)]
                buffer[out + 1] = standard[Int(n >> 12 & 63)]
                buffer[out + 2] = rest > 1 ? standard[Int(n >> 6 & 63)] : UInt8(ascii: "=")
                buffer[out + 3] = rest > 2 ? standard[Int(n & 63)] : UInt8(ascii: "=")
                out += 4
                index += 3
            }
        }
        return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
    }

    private static func encode(_ bytes: [UInt8], alphabet: [UInt8], pad: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let n = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
            if rest == 2 { out.append(alphabet[Int(n >> 6 & 63)]) }
            if pad { out += Array(repeating: UInt8(ascii: "="), count: 3 - rest) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes standard base64 or base64url, ignoring whitespace; nil on anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var sawPadding = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - 97 + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - 48 + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
            case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
            case UInt8(ascii: "="): sawPadding = true; continue
            case 9, 10, 13, 32: continue
            default: return nil
            }
            if sawPadding { return nil }
        }
        if values.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var n: UInt32 = 0
            for (offset, value) in chunk.enumerated() { n |= UInt32(value) << (18 - 6 * offset) }
            out.append(UInt8(n >> 16 & 0xFF))
            if chunk.count > 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if chunk.count > 3 { out.append(UInt8(n & 0xFF)) }
            index += 4
        }
        return out
    }
}

/// Hexadecimal rendering of bytes.
public enum Hex {
    /// Upper-case hex, no separators (the Entra portal's thumbprint form).
    public static func upper<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Upper-case hex pairs joined by colons (OpenSSL's fingerprint form).
    public static func colons<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        bytes.map { upper([$0]) }.joined(separator: ":")
    }
}
