/// Quoted-printable (RFC 2045 §6.7), decoded leniently, as mail readers do.
public enum QuotedPrintable {
    /// Decodes `=XX` escapes (either case of hex digit) and removes soft line breaks
    /// (`=` at the end of a line, trailing blanks allowed). A `=` that starts neither is
    /// kept as it is; nothing is ever refused.
    public static func decode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let decoded = input.withContiguousStorageIfAvailable { decode(buffer: $0) }
        return decoded ?? Array(input).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // The output is never longer than the input.
        [UInt8](unsafeUninitializedCapacity: input.count) { output, written in
            var out = 0
            var index = 0
            let end = input.count
            while index < end {
                let byte = input[index]
                guard byte == ASCII.equals else {
                    output[out] = byte
                    out += 1
                    index += 1
                    continue
                }
                if index + 2 < end, let high = ASCII.hexValue(input[index + 1]), let low = ASCII.hexValue(input[index + 2]) {
                    output[out] = high << 4 | low
                    out += 1
                    index += 3
                    continue
                }
                var next = index + 1
                while next < end && ASCII.isBlank(input[next]) { next += 1 }
                if next == end {
                    index = end
                } else if input[next] == ASCII.lf {
                    index = next + 1
                } else if input[next] == ASCII.cr {
                    index = next + 1
                    if index < end && input[index] == ASCII.lf { index += 1 }
                } else {
                    output[out] = byte
                    out += 1
                    index += 1
                }
            }
            written = out
        }
    }
}
