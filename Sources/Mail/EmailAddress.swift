import Common

/// An RFC 5322 `addr-spec` that is safe to put in a header and in the SMTP envelope.
///
/// The local part must be a dot-atom (quoted local parts and non-ASCII local parts,
/// which need SMTPUTF8, are refused). An internationalised domain is converted to its
/// ASCII form (IDNA: each non-ASCII label lower-cased and Punycode-encoded as an
/// `xn--` label); domain literals such as `[192.0.2.1]` are refused.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The part before the `@`, as given.
    public let localPart: String
    /// The domain in ASCII, lower-cased, with `xn--` labels for non-ASCII ones.
    public let domain: String

    /// `local@domain`, the form used in headers and in `MAIL FROM` / `RCPT TO`.
    public var addrSpec: String { localPart + "@" + domain }

    public var description: String { addrSpec }

    /// Checks and normalises `text`; `field` names the option or field in errors.
    public init(_ text: String, field: String = "address") throws(MailError) {
        try HeaderText.refuseControls(text, field: field)
        let trimmed = Self.trimSpaces(text)
        guard !trimmed.isEmpty else {
            throw MailError(.invalidAddress, "is empty", location: field, facts: ErrorFacts(values: [.mailCheck: "form"]))
        }
        guard let at = trimmed.lastIndex(of: "@") else {
            throw MailError(.invalidAddress, "'\(trimmed)' is not an email address (no @)",
                            location: field, facts: ErrorFacts(values: [.mailCheck: "form"]))
        }
        let local = String(trimmed[..<at])
        let domainText = String(trimmed[trimmed.index(after: at)...])
        try Self.checkLocalPart(local, whole: trimmed, field: field)
        self.localPart = local
        self.domain = try Self.asciiDomain(domainText, whole: trimmed, field: field)
        guard addrSpec.utf8.count <= 254 else {
            throw MailError(.tooLong, "'\(trimmed)' is longer than the 254 characters an address may have", location: field)
        }
    }

    private static func trimSpaces(_ text: String) -> String {
        var scalars = Substring(text)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// RFC 5322 `atext`.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }

    private static func checkLocalPart(_ local: String, whole: String, field: String) throws(MailError) {
        if local.hasPrefix("\"") {
            throw MailError(.quotedLocalPart, "'\(whole)': quoted local parts are not accepted",
                            location: field)
        }
        guard !local.isEmpty else {
            throw MailError(.invalidAddress, "'\(whole)' has nothing before the @", location: field)
        }
        guard local.utf8.count <= 64 else {
            throw MailError(.tooLong, "'\(whole)': the part before the @ is longer than 64 characters", location: field)
        }
        if local.unicodeScalars.contains(where: { !$0.isASCII }) {
            throw MailError(.invalidAddress, "'\(whole)': non-ASCII characters before the @ need SMTPUTF8, which is not supported",
                            location: field, facts: ErrorFacts(values: [.mailCheck: "nonASCII"]))
        }
        let bytes = Array(local.utf8)
        guard bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: "."), !local.contains("..") else {
            throw MailError(.invalidAddress, "'\(whole)': dots before the @ may not lead, trail or follow each other", location: field)
        }
        if let bad = bytes.first(where: { $0 != UInt8(ascii: ".") && !isAtext($0) }) {
            throw MailError(.invalidAddress, "'\(whole)': '\(Character(Unicode.Scalar(bad)))' is not allowed before the @",
                            location: field, facts: ErrorFacts(values: [.mailCheck: "character"]))
        }
    }

    private static func asciiDomain(_ text: String, whole: String, field: String) throws(MailError) -> String {
        guard !text.isEmpty else {
            throw MailError(.invalidDomain, "'\(whole)' has no domain after the @", location: field)
        }
        if text.hasPrefix("[") {
            throw MailError(.invalidDomain, "'\(whole)': address literals such as [192.0.2.1] are not accepted",
                            location: field, facts: ErrorFacts(values: [.mailCheck: "literal"]))
        }
        // The ideographic and full-width full stops separate labels too (IDNA).
        let unified = String(String.UnicodeScalarView(text.unicodeScalars.map { [0x3002, 0xFF0E, 0xFF61].contains($0.value) ? "." : $0 }))
        let labels = unified.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var ascii: [String] = []
        for label in labels {
            guard !label.isEmpty else {
                throw MailError(.invalidDomain, "'\(whole)': the domain has an empty label (a dot too many)", location: field)
            }
            ascii.append(try asciiLabel(label, whole: whole, field: field))
        }
        let domain = ascii.joined(separator: ".")
        guard domain.utf8.count <= 253 else {
            throw MailError(.tooLong, "'\(whole)': the domain is longer than 253 characters", location: field)
        }
        return domain
    }

    private static func asciiLabel(_ label: String, whole: String, field: String) throws(MailError) -> String {
        let result: String
        if label.unicodeScalars.allSatisfy(\.isASCII) {
            result = label.lowercased()
        } else {
            let lowered = label.lowercased()
            for (index, scalar) in lowered.unicodeScalars.enumerated() where !scalar.isASCII {
                let properties = scalar.properties
                let isMark = properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
                guard properties.isAlphabetic || properties.generalCategory == .decimalNumber || isMark, !(isMark && index == 0) else {
                    throw MailError(.invalidDomain, "'\(whole)': U+\(HeaderText.hex(scalar.value)) cannot appear in a domain name",
                                    location: field, facts: ErrorFacts(values: [.mailCheck: "character"]))
                }
                if properties.canonicalCombiningClass != .notReordered {
                    throw MailError(.invalidDomain, "'\(whole)': the domain holds a combining mark (U+\(HeaderText.hex(scalar.value))); give it in composed (NFC) form",
                                    location: field, facts: ErrorFacts(values: [.mailCheck: "composed"]))
                }
            }
            guard let encoded = Punycode.encode(lowered) else {
                throw MailError(.invalidDomain, "'\(whole)': the domain label '\(label)' cannot be encoded", location: field)
            }
            result = "xn--" + encoded
        }
        let bytes = Array(result.utf8)
        guard bytes.count <= 63 else {
            throw MailError(.invalidDomain, "'\(whole)': a domain label is longer than 63 characters", location: field)
        }
        let ldh = bytes.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        guard ldh, bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            throw MailError(.invalidDomain, "'\(whole)': '\(label)' is not a valid domain label (letters, digits and inner hyphens only)",
                            location: field, facts: ErrorFacts(values: [.mailCheck: "label"]))
        }
        return result
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
