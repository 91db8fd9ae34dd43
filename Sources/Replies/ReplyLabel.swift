import Common
import Domain
import MIME

/// A label that introduces a value in a reply: the reply block's own (``ReplyField/label``,
/// the Entra admin center's words), its shorter forms, and the property names PowerShell,
/// the Azure CLI and Microsoft Graph print.
struct ReplyLabel {
    let field: ReplyField
    /// The words, lower case; any run of blanks or line breaks may separate them.
    let words: [[UInt8]]
    /// Whether the value must follow a `:` or `=` (for labels too common in prose).
    let needsColon: Bool

    init(_ field: ReplyField, _ text: String, needsColon: Bool = false) {
        self.field = field
        words = text.split(separator: " ").map { Array($0.lowercased().utf8) }
        self.needsColon = needsColon
    }

    static let all: [ReplyLabel] = [
        ReplyLabel(.tenantID, ReplyField.tenantID.label),
        ReplyLabel(.tenantID, "directory id"),
        ReplyLabel(.tenantID, "tenant id"),
        ReplyLabel(.tenantID, "tenantid"),
        ReplyLabel(.tenantID, "tenant_id"),
        ReplyLabel(.tenantID, "tenant-id"),
        ReplyLabel(.tenantID, "tenant guid"),
        ReplyLabel(.clientID, ReplyField.clientID.label),
        ReplyLabel(.clientID, "application id"),
        ReplyLabel(.clientID, "client id"),
        ReplyLabel(.clientID, "clientid"),
        ReplyLabel(.clientID, "client_id"),
        ReplyLabel(.clientID, "client-id"),
        ReplyLabel(.clientID, "app id"),
        ReplyLabel(.clientID, "appid"),
        ReplyLabel(.clientID, "app_id"),
        ReplyLabel(.objectID, "application object id"),
        ReplyLabel(.objectID, ReplyField.objectID.label),
        ReplyLabel(.objectID, "objectid"),
        ReplyLabel(.objectID, "object_id"),
        ReplyLabel(.objectID, "object-id"),
        ReplyLabel(.thumbprint, ReplyField.thumbprint.label),
        ReplyLabel(.thumbprint, "thumbprint"),
        ReplyLabel(.thumbprint, "sha1 fingerprint"),
        ReplyLabel(.thumbprint, "sha-1 fingerprint"),
        ReplyLabel(.thumbprint, "customkeyidentifier", needsColon: true),
    ]

    /// The labels by the first letter of their first word, longest first.
    static let byFirstLetter: [[ReplyLabel]] = {
        var table = [[ReplyLabel]](repeating: [], count: 26)
        for label in all {
            guard let first = label.words.first?.first, ASCII.isLetter(first) else { continue }
            table[Int(first - UInt8(ascii: "a"))].append(label)
        }
        return table.map { $0.sorted { $0.words.reduce(0) { $0 + $1.count } > $1.words.reduce(0) { $0 + $1.count } } }
    }()

    /// The end of this label when it starts at `start` in `text` (case ignored, words
    /// separated by up to eight blanks or line breaks, a token boundary after it).
    func match(in text: [UInt8], at start: Int) -> Int? {
        var index = start
        for (number, word) in words.enumerated() {
            if number > 0 {
                let gapStart = index
                while index < text.count, index - gapStart < 8, ASCII.isWhitespace(text[index]) { index += 1 }
                guard index > gapStart else { return nil }
            }
            guard ASCII.hasPrefix(text, at: index, word) else { return nil }
            index += word.count
        }
        if index < text.count && ASCII.isWordByte(text[index]) { return nil }
        return index
    }
}
