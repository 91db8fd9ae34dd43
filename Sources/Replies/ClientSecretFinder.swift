import Common
import MIME

/// Recognises client secrets an admin pasted into a reply, so that `import` can say the
/// secret should be deleted. spconnect never uses a secret (SharePoint refuses app-only
/// tokens got with one) and never keeps it: `ReplyScanner` calls these checks in its walk
/// over the words and reports only the line a secret stands on.
///
/// Two shapes are recognised:
/// - the secrets Microsoft Entra generates today: 40 characters of `A-Z a-z 0-9 _ - . ~`
///   whose 4th character is a digit followed by `Q~` (Microsoft documents no grammar for a
///   secret's Value — https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials
///   says only that it is shown once —; this is the shape secret scanners agree on, 37 to 40
///   characters);
/// - any token of 16 or more secret characters with letters and digits after a label that
///   names a secret (`Client secret:`, `Secret value:`, `client_secret=`, `"password":`, as
///   `az ad app credential reset` prints it).
enum ClientSecretFinder {
    @inline(__always) static func isSecretByte(_ byte: UInt8) -> Bool {
        ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "_") || byte == ASCII.hyphen || byte == ASCII.dot
            || byte == UInt8(ascii: "~")
    }

    /// `xxxDQ~` + 31…34 secret bytes, bounded by non-secret bytes, with the `~` at `tilde`.
    static func isSecretShape(_ text: [UInt8], tildeAt tilde: Int) -> Bool {
        let start = tilde - 5
        guard ASCII.isDigit(text[tilde - 2]) else { return false }
        for offset in start..<(tilde - 2) where !isSecretByte(text[offset]) { return false }
        if start > 0 && isSecretByte(text[start - 1]) { return false }
        var end = tilde + 1
        while end < text.count && isSecretByte(text[end]) && end - tilde <= 35 { end += 1 }
        let tail = end - tilde - 1
        return (31...34).contains(tail) && (end == text.count || !isSecretByte(text[end]))
    }

    private static let labels: [[UInt8]] = ["client secret", "client_secret", "clientsecret", "client-secret", "secret value",
                                            "secret", "password"].map { Array($0.utf8) }

    /// A secret label at `start` (any case), then `:` or `=` and a token that looks like a secret.
    static func labelledSecret(_ text: [UInt8], at start: Int) -> Bool {
        // Most words are not labels: the second letter tells (cl…, se…, pa…).
        guard start + 6 < text.count else { return false }
        let second = ASCII.lower(text[start + 1])
        guard second == UInt8(ascii: "l") || second == UInt8(ascii: "e") || second == UInt8(ascii: "a") else { return false }
        for label in labels where ASCII.hasPrefix(text, at: start, label) {
            var index = start + label.count
            if index < text.count && ASCII.isWordByte(text[index]) { continue }
            if index < text.count && text[index] == ASCII.quote { index += 1 }
            while index < text.count && ASCII.isBlank(text[index]) { index += 1 }
            guard index < text.count, text[index] == ASCII.colon || text[index] == ASCII.equals else { continue }
            index += 1
            while index < text.count && (ASCII.isBlank(text[index]) || text[index] == ASCII.quote || text[index] == ASCII.apostrophe) { index += 1 }
            var end = index
            var letters = false
            var digits = false
            while end < text.count && end - index <= 200 && (isSecretByte(text[end]) || text[end] == UInt8(ascii: "+") || text[end] == UInt8(ascii: "/")
                                                              || text[end] == ASCII.equals) {
                if ASCII.isLetter(text[end]) { letters = true } else if ASCII.isDigit(text[end]) { digits = true }
                end += 1
            }
            if end - index >= 16 && end - index <= 200 && letters && digits { return true }
        }
        return false
    }
}
