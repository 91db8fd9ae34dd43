import Common
import MIME

/// HTML character references (`&amp;`, `&#55;`, `&#x37;`): the named ones mail clients
/// write, and every numeric one.
enum HTMLEntities {
    /// Named references and their scalars.
    static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0,
        "ndash": 0x2013, "mdash": 0x2014, "hellip": 0x2026, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A,
        "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "laquo": 0xAB, "raquo": 0xBB, "lsaquo": 0x2039, "rsaquo": 0x203A,
        "bull": 0x2022, "middot": 0xB7, "shy": 0xAD, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F,
        "thinsp": 0x2009, "ensp": 0x2002, "emsp": 0x2003, "hyphen": 0x2010, "minus": 0x2212, "colon": 0x3A,
        "lpar": 0x28, "rpar": 0x29, "lbrace": 0x7B, "rbrace": 0x7D, "lcub": 0x7B, "rcub": 0x7D, "period": 0x2E,
        "comma": 0x2C, "sol": 0x2F, "num": 0x23, "excl": 0x21, "quest": 0x3F, "equals": 0x3D, "lowbar": 0x5F, "dash": 0x2010,
        "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "euro": 0x20AC, "pound": 0xA3, "yen": 0xA5, "cent": 0xA2, "sect": 0xA7,
        "para": 0xB6, "deg": 0xB0, "plusmn": 0xB1, "times": 0xD7, "divide": 0xF7, "iexcl": 0xA1, "iquest": 0xBF,
        "ordf": 0xAA, "ordm": 0xBA, "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3, "frac12": 0xBD, "frac14": 0xBC, "frac34": 0xBE,
        "micro": 0xB5, "acute": 0xB4, "uml": 0xA8, "cedil": 0xB8, "macr": 0xAF, "not": 0xAC, "brvbar": 0xA6, "curren": 0xA4,
        "Agrave": 0xC0, "Aacute": 0xC1, "Acirc": 0xC2, "Atilde": 0xC3, "Auml": 0xC4, "Aring": 0xC5, "AElig": 0xC6, "Ccedil": 0xC7,
        "Egrave": 0xC8, "Eacute": 0xC9, "Ecirc": 0xCA, "Euml": 0xCB, "Igrave": 0xCC, "Iacute": 0xCD, "Icirc": 0xCE, "Iuml": 0xCF,
        "ETH": 0xD0, "Ntilde": 0xD1, "Ograve": 0xD2, "Oacute": 0xD3, "Ocirc": 0xD4, "Otilde": 0xD5, "Ouml": 0xD6, "Oslash": 0xD8,
        "Ugrave": 0xD9, "Uacute": 0xDA, "Ucirc": 0xDB, "Uuml": 0xDC, "Yacute": 0xDD, "THORN": 0xDE, "szlig": 0xDF,
        "agrave": 0xE0, "aacute": 0xE1, "acirc": 0xE2, "atilde": 0xE3, "auml": 0xE4, "aring": 0xE5, "aelig": 0xE6, "ccedil": 0xE7,
        "egrave": 0xE8, "eacute": 0xE9, "ecirc": 0xEA, "euml": 0xEB, "igrave": 0xEC, "iacute": 0xED, "icirc": 0xEE, "iuml": 0xEF,
        "eth": 0xF0, "ntilde": 0xF1, "ograve": 0xF2, "oacute": 0xF3, "ocirc": 0xF4, "otilde": 0xF5, "ouml": 0xF6, "oslash": 0xF8,
        "ugrave": 0xF9, "uacute": 0xFA, "ucirc": 0xFB, "uuml": 0xFC, "yacute": 0xFD, "thorn": 0xFE, "yuml": 0xFF,
        "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
        "dagger": 0x2020, "Dagger": 0x2021, "permil": 0x2030, "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193,
        "check": 0x2713, "hearts": 0x2665, "zwsp": 0x200B, "NoBreak": 0x2060, "InvisibleTimes": 0x2062,
    ]

    /// Names HTML also accepts without the closing semicolon (the common legacy ones).
    static let legacyWithoutSemicolon: [[UInt8]] = ["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"].map { Array($0.utf8) }

    /// Decodes the reference starting at `start` (at `&`): the scalar and the index after it.
    static func decode(_ bytes: [UInt8], at start: Int) -> (UInt32, Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var value: UInt32 = 0
            var digits = 0
            let hex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
            if hex { index += 1 }
            while index < bytes.count, digits < 10 {
                let byte = bytes[index]
                let digit: UInt8?
                if hex { digit = ASCII.hexValue(byte) } else { digit = ASCII.isDigit(byte) ? byte - 0x30 : nil }
                guard let digit else { break }
                value = min(value &* (hex ? 16 : 10) &+ UInt32(digit), 0x110000)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < bytes.count && bytes[index] == ASCII.semicolon { index += 1 }
            if value == 0 { value = 0xFFFD }
            // HTML maps the C1 range as Windows-1252.
            if value >= 0x80 && value <= 0x9F { value = Charset.windows1252Scalar(UInt8(value)) }
            return (value, index)
        }
        let nameStart = index
        while index < bytes.count, index - nameStart < 32, ASCII.isLetter(bytes[index]) || ASCII.isDigit(bytes[index]) { index += 1 }
        guard index > nameStart else { return nil }
        if index < bytes.count && bytes[index] == ASCII.semicolon {
            if let scalar = named[String(decoding: bytes[nameStart..<index], as: UTF8.self)] { return (scalar, index + 1) }
            return nil
        }
        for name in legacyWithoutSemicolon where bytes[nameStart...].starts(with: name) {
            return (named[String(decoding: name, as: UTF8.self)] ?? 0xFFFD, nameStart + name.count)
        }
        return nil
    }
}
