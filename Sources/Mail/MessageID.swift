import OpenSSLSupport
import Common

/// A Message-ID, `<unique@domain>`, kept with a request so every re-send carries the same one.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// The identifier without angle brackets: `left@right`.
    public let value: String

    /// `<left@right>`, as the header carries it.
    public var bracketed: String { "<" + value + ">" }

    public var description: String { bracketed }

    /// A new identifier: 128 random bits from OpenSSL's CSPRNG, at the sender's domain.
    public static func generate(for sender: EmailAddress) throws(MailError) -> MessageID {
        let bytes = try MailError.randomBytes(16)
        let digits = Array("0123456789abcdef".utf8)
        let left = String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
        return MessageID(checked: left + "@" + sender.domain)
    }

    /// Reads a stored identifier, with or without its angle brackets.
    public init(_ text: String, field: String = "Message-ID") throws(MailError) {
        try HeaderText.refuseControls(text, field: field)
        var inner = Substring(text)
        if inner.hasPrefix("<") && inner.hasSuffix(">") && inner.count >= 2 { inner = inner.dropFirst().dropLast() }
        let parts = inner.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && parts.allSatisfy(Self.isDotAtomText) && inner.utf8.count <= 250
        guard valid else {
            throw MailError(.invalidMessageID, "'\(text)' is not a message identifier of the form <left@right>",
                            location: field, facts: ErrorFacts(values: [.mailCheck: "form"]))
        }
        self.value = String(inner)
    }

    private init(checked value: String) {
        self.value = value
    }

    private static func isDotAtomText(_ part: Substring) -> Bool {
        let bytes = Array(part.utf8)
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: "."), !part.contains("..") else { return false }
        return bytes.allSatisfy { $0 == UInt8(ascii: ".") || EmailAddress.isAtext($0) }
    }
}
