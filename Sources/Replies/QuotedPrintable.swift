/// Quoted-printable (RFC 2045 §6.7), decoded leniently, as mail readers do.
public enum QuotedPrintable {
    /// Decodes `=XX` escapes (either case of hex digit) and removes soft line breaks
    /// (`=` at the end of a line, trailing blanks allowed). A `=` that starts neither is
    /// kept as it is; nothing is ever refused.
    public static func decode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            guard byte == ASCII.equals else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < end, let high = ASCII.hexValue(input[index + 1]), let low = ASCII.hexValue(input[index + 2]) {
                output.append(high << 4 | low)
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
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}
