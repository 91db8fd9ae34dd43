import Common
import MIME

/// A mailbox: an optional display name and an address, as in `Dana Developer <dev@example.com>`.
///
/// The display name is checked like every header value (no control characters) and is
/// always written so that it reads back exactly: as plain words, as a quoted string, or
/// as RFC 2047 encoded words when it is not plain ASCII or could be mistaken for markup.
public struct Mailbox: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any.
    public let name: String?
    /// The address.
    public let address: EmailAddress

    /// The longest display name accepted, in characters.
    public static let maximumNameLength = 256

    /// A mailbox from a name (nil or empty for none) and a checked address.
    public init(name: String?, address: EmailAddress, field: String = "name") throws(MailError) {
        if let name {
            try HeaderText.refuseControls(name, field: field)
            guard name.count <= Self.maximumNameLength else {
                throw MailError(.tooLong, "the display name is \(name.count) characters long; at most \(Self.maximumNameLength) are accepted",
                                location: field, facts: ErrorFacts(values: [.mailCheck: "displayName"]))
            }
        }
        let trimmed = name.map { String($0.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
        self.name = (trimmed?.isEmpty ?? true) ? nil : trimmed
        if let kept = self.name, Self.phraseTokens(kept) == nil {
            throw MailError(.invalidDisplayName,
                            "the display name is too long to be written as one encoded word (non-ASCII names are limited to about 45 bytes of UTF-8)",
                            location: field)
        }
        self.address = address
    }

    /// A mailbox from a name and an address given as text.
    public init(name: String? = nil, address: String, field: String = "address") throws(MailError) {
        try self.init(name: name, address: try EmailAddress(address, field: field), field: field)
    }

    /// Reads `address`, `Name <address>` or `"Name" <address>` (the config file's `from` form).
    public init(parsing text: String, field: String = "address") throws(MailError) {
        try HeaderText.refuseControls(text, field: field)
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else {
            try self.init(name: nil, address: text, field: field)
            return
        }
        var name = String(text[..<open])
        while name.last == " " { name.removeLast() }
        while name.first == " " { name.removeFirst() }
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unescaped = ""
            var escaping = false
            for character in name.dropFirst().dropLast() {
                if escaping || character != "\\" {
                    unescaped.append(character)
                    escaping = false
                } else {
                    escaping = true
                }
            }
            name = unescaped
        }
        let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        try self.init(name: name, address: try EmailAddress(address, field: field), field: field)
    }

    /// `Name <local@domain>` or `local@domain`, for people (not for headers).
    public var description: String {
        name.map { "\($0) <\(address.addrSpec)>" } ?? address.addrSpec
    }

    /// The header tokens of this mailbox.
    var headerTokens: [String] {
        guard let name, let phrase = Self.phraseTokens(name) else { return [address.addrSpec] }
        return phrase + ["<" + address.addrSpec + ">"]
    }

    /// A display name as RFC 5322 phrase tokens: plain words, one quoted string, or one
    /// encoded word; nil when none of these can hold it.
    static func phraseTokens(_ name: String) -> [String]? {
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        let atoms = words.allSatisfy { word in !word.isEmpty && word.count <= 60 && word.utf8.allSatisfy(EmailAddress.isAtext) }
        if atoms && !EncodedWords.mayLookEncoded(name) {
            return words.map(String.init)
        }
        if ASCII.isPrintable(name) && !EncodedWords.mayLookEncoded(name) && name.count <= 60 {
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        return EncodedWords.single(name).map { [$0] }
    }

    /// An address list (To, Cc) as tokens, mailboxes separated by commas.
    static func listTokens(_ mailboxes: [Mailbox]) -> [String] {
        var tokens: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var own = mailbox.headerTokens
            if index < mailboxes.count - 1 { own[own.count - 1] += "," }
            tokens += own
        }
        return tokens
    }
}
