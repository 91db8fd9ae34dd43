import Foundation
import Testing
@testable import Replies
import Domain
import TestSupport

/// The parser against generated input: it never crashes, throws only the input errors it
/// documents, and never returns a value that does not occur in its input (once case,
/// braces and separators are set aside).
///
/// `SPCONNECT_FUZZ_COUNT` inputs (default 3,000; `make fuzz` runs 100,000) from seed
/// `SPCONNECT_FUZZ_SEED` (default 6), in five families:
///
/// 1. reply-shaped text assembled from labels, separators, values and near misses (GUIDs in
///    every spelling, typos, thumbprints in pairs, colons or lower case, 39/41/64 digits,
///    domains, request IDs), quote marks at any depth, block markers, reply headers, prose,
///    line endings, Unicode spaces, dashes and invisible characters: checked against the raw input;
/// 2. the same wrapped in MIME: nested multiparts, quoted-printable, base64, charsets
///    (UTF-8, Latin-1, 1252, UTF-16, unknown), format=flowed, cut-off messages;
/// 3. the same as HTML: tags, entities (named and numeric), blockquotes, comments;
/// 4. the corpus's replies mutated: bytes flipped, inserted, deleted, ranges duplicated,
///    swapped or cut, two replies spliced;
/// 5. random bytes and random ASCII.
///
/// Families 2 to 5 are checked against the texts the reader decoded (`ReplyParser.documents`).
@Suite struct ReplyFuzzTests {
    static var count: Int { Int(ProcessInfo.processInfo.environment["SPCONNECT_FUZZ_COUNT"] ?? "") ?? 3_000 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["SPCONNECT_FUZZ_SEED"] ?? "") ?? 6 }

    @Test func theParserNeverCrashesAndNeverInventsAValue() throws {
        let corpus = (ReplyCorpus.manifest.good.map(\.file) + ReplyCorpus.manifest.bad.map(\.file)).map(ReplyCorpus.bytes)
        var families = [Int](repeating: 0, count: 5)
        var valuesSeen = 0
        var failures = 0
        for number in 0..<Self.count {
            var generator = FuzzGenerator(rng: SeededGenerator(seed: Self.seed &* 1_000_003 &+ UInt64(number)))
            let (input, family) = generator.make(corpus: corpus)
            families[family] += 1
            let values: ReplyValues
            do {
                values = try ReplyParser.parse(input)
            } catch {
                if ![.notText, .repliesTooLarge].contains(error.code) {
                    Issue.record("input \(number) (family \(family)): unexpected error \(error.code): \(error.reason)")
                    failures += 1
                }
                continue
            }
            let reference: [UInt8]
            if family == 0 {
                reference = Oracle.plain(input)
            } else {
                reference = ((try? ReplyParser.documents(of: input)) ?? []).flatMap { $0.text + [0x0A] }
            }
            for (field, found) in values.values {
                for value in found {
                    valuesSeen += 1
                    if let problem = Oracle.check(value, field: field, in: reference) {
                        failures += 1
                        if failures <= 5 {
                            Issue.record("input \(number) (family \(family), seed \(Self.seed)): \(problem)\n--- input ---\n\(String(decoding: input.prefix(3000), as: UTF8.self))")
                        }
                    }
                }
                do { _ = try values.value(field) } catch {
                    if error.code != .conflictingValues { Issue.record("input \(number): value(\(field)) threw \(error.code)") }
                }
            }
        }
        print("reply fuzz: \(Self.count) inputs from seed \(Self.seed) (reply text \(families[0]), MIME \(families[1]), HTML \(families[2]), "
              + "mutated corpus \(families[3]), random \(families[4])); \(valuesSeen) values checked, \(failures) failures")
        #expect(failures == 0)
        // Each family was exercised, and values were found often enough for the property to bite.
        #expect(families.allSatisfy { $0 > Self.count / 20 }, "families: \(families)")
        #expect(valuesSeen > Self.count / 2, "values checked: \(valuesSeen)")
    }
}

/// The property's reference: does the value occur in the text, once case, braces and
/// separators are set aside? Written apart from the parser.
enum Oracle {
    /// Raw input as text, with the Unicode separators and invisible characters the parser
    /// evens out mapped the same way (dashes to `-`, spaces to a space, invisibles removed).
    static func plain(_ input: [UInt8]) -> [UInt8] {
        var text = String(decoding: input, as: UTF8.self)
        if input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) { text = "" }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2010...0x2015, 0x2212: output += "-"
            case 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: output += " "
            case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF, 0xAD, 0: break
            case 0xFF1A: output += ":"
            case 0x2018...0x201B: output += "'"
            case 0x201C...0x201F: output += "\""
            case 0x0D, 0x2028, 0x2029: output += "\n"
            case 0xFFFD: output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return Array(output.utf8)
    }

    /// Lower case, without the bytes in `dropped`.
    static func squeezed(_ bytes: [UInt8], dropping dropped: Set<UInt8>) -> [UInt8] {
        bytes.compactMap { byte in dropped.contains(byte) ? nil : (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Nil when `value` occurs in `reference`; else what is wrong.
    static func check(_ value: ReplyValue, field: ReplyField, in reference: [UInt8]) -> String? {
        let text = Array(value.text.utf8)
        let separators: Set<UInt8> = [0x2D, 0x7B, 0x7D, 0x28, 0x29, 0x3A, 0x20, 0x09, 0x0A, 0x0D, 0x3E]
        let occurs: Bool
        switch value.kind {
        case .guid:
            guard text.count == 36, value.text == value.text.lowercased(), IdentifierFormat.guid(value.text) == value.text else {
                return "\(field): \(value.text) is not a canonical GUID"
            }
            occurs = contains(squeezed(reference, dropping: separators), squeezed(text, dropping: separators))
        case .thumbprint:
            guard text.count == 40, text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) }) else {
                return "\(field): \(value.text) is not 40 upper-case hex digits"
            }
            occurs = contains(squeezed(reference, dropping: separators), squeezed(text, dropping: separators))
        case .requestID:
            guard text.count == 13, value.text.hasPrefix("SPC-") else { return "\(field): \(value.text) is not SPC-XXXX-XXXX" }
            occurs = contains(squeezed(reference, dropping: separators), squeezed(text, dropping: separators))
        case .domain:
            guard IdentifierFormat.domain(value.text) == value.text else { return "\(field): \(value.text) is not a lower-case domain" }
            occurs = contains(squeezed(reference, dropping: []), text)
        case .malformed:
            // As written, but it may run over a line break (and the next line's quote marks).
            let breaks: Set<UInt8> = [0x0A, 0x0D, 0x20, 0x09, 0x3E]
            occurs = contains(squeezed(reference, dropping: breaks), squeezed(text, dropping: breaks))
        }
        if value.kind == .guid && field != .tenantID && field != .clientID && field != .objectID { return "\(field): \(value.text) is a GUID" }
        return occurs ? nil : "\(field): \(value.quoted) (\(value.kind)) does not occur in the input"
    }
}

/// Makes one fuzz input.
struct FuzzGenerator {
    var rng: SeededGenerator

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    mutating func make(corpus: [[UInt8]]) -> ([UInt8], Int) {
        switch int(0...99) {
        case 0..<35: return (Array(replyText(html: false).utf8), 0)
        case 35..<55: return (mime(), 1)
        case 55..<70: return (Array(html().utf8), 2)
        case 70..<90: return (mutate(pick(corpus), other: pick(corpus)), 3)
        default: return (randomBytes(), 4)
        }
    }

    // MARK: - Reply-shaped text

    mutating func hex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &rng)! })
    }

    mutating func guid() -> String {
        let plain = "\(hex(8))-\(hex(4))-4\(hex(3))-\(pick(["8", "9", "a", "b"]))\(hex(3))-\(hex(12))"
        switch int(0...9) {
        case 0: return plain.uppercased()
        case 1: return "{\(plain)}"
        case 2: return "{\(plain.uppercased())}"
        case 3: return plain.replacingOccurrences(of: "-", with: "")
        case 4: return "(\(plain))"
        case 5: return nearMiss(plain)
        case 6: return pick(["00000000-0000-0000-0000-000000000000", "00000003-0000-0ff1-ce00-000000000000"])
        default: return plain
        }
    }

    mutating func thumbprint() -> String {
        let digits = hex(40).uppercased()
        let pairs = stride(from: 0, to: 40, by: 2).map { String(Array(digits)[$0..<$0 + 2]) }
        switch int(0...11) {
        case 0: return digits.lowercased()
        case 1: return pairs.joined(separator: " ")
        case 2: return pairs.joined(separator: ":").lowercased()
        case 3: return pairs.joined(separator: "-")
        case 4: return pairs[0..<10].joined(separator: " ") + "\n" + pick(["", "> ", ">> "]) + pairs[10...].joined(separator: " ")
        case 5: return nearMiss(digits)
        case 6: return digits + hex(24).uppercased()   // SHA-256 length
        case 7: return String(repeating: "AB:", count: 31) + "CD"
        case 8: return stride(from: 0, to: 40, by: 4).map { String(Array(digits)[$0..<$0 + 4]) }.joined(separator: " ")
        default: return digits
        }
    }

    mutating func nearMiss(_ value: String) -> String {
        var characters = Array(value)
        guard !characters.isEmpty else { return value }
        let index = int(0...characters.count - 1)
        switch int(0...4) {
        case 0: characters[index] = pick(["g", "G", "O", "z", "-", " "])
        case 1: characters.remove(at: index)
        case 2: characters.insert(pick(["a", "0", "-", "F"]), at: index)
        case 3: characters.append(contentsOf: Array(pick([".", ",", "x", "0", "-ab"])))
        default: characters.swapAt(index, int(0...characters.count - 1))
        }
        return String(characters)
    }

    mutating func domain() -> String {
        pick(["contoso.onmicrosoft.com", "Contoso.OnMicrosoft.com", "fabrikam.com", "a.b", "contoso..com", "contoso.com.",
              "x-\(hex(4)).example.org", "admin@contoso.com", "https://contoso.sharepoint.com/sites/x", "contoso", "ex-.com"])
    }

    mutating func requestID() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZIOLU")
        let body = String((0..<8).map { _ in alphabet.randomElement(using: &rng)! })
        let first = body.prefix(4), second = body.suffix(4)
        switch int(0...5) {
        case 0: return "spc-\(first)-\(second)".lowercased()
        case 1: return "SPC \(first) \(second)"
        case 2: return "SPC-\(first)\(second)"
        case 3: return "SPC\(first)\(second)"
        default: return "SPC-\(first)-\(second)"
        }
    }

    static let labels = [
        "Directory (tenant) ID", "Directory (tenant)\nID", "Directory  (tenant)  ID", "directory id", "Tenant ID", "TenantId", "tenant_id",
        "tenant-id", "Tenant", "Application (client) ID", "Application (client)\n> ID", "Application ID", "Client ID", "clientId",
        "client_id", "App ID", "appId", "AppId", "Certificate thumbprint", "Thumbprint", "thumbprint", "SHA1 Fingerprint",
        "customKeyIdentifier", "Object ID", "Request", "Application ID URI", "Secret ID", "Key ID", "\"appId\"", "\"tenantId\"",
        "\"customKeyIdentifier\"",
    ]
    static let separators = [": ", ":", " : ", " = ", "=", " - ", " \u{2013} ", " is ", " was ", "\t", "\n", ":\n", ":\n\n", " ", "\": \"", ":\u{A0}", "\u{FF1A} "]
    static let words = [
        "Hi", "Dana", "the", "is", "and", "ID", "IDs", "see below", "n/a", "TBD", "thanks", ".", ",", "(", ")", "{", "}", "\"", "'",
        "for", "our", "app", "be", "added", "cafe", "dead", "beef", "face", "SPConnect", "spconnect", "reply", "=", "==", "=\n",
    ]
    static let structure = [
        "----- BEGIN SPCONNECT REPLY -----", "----- END SPCONNECT REPLY -----", "-----BEGIN SPCONNECT REPLY-----",
        "-----Original Message-----", "On Mon, 3 Mar 2025, Dana <dev@contoso.com> wrote:", "From: Dana Developer", "Sent: Monday",
        "Subject: Re: request", "---------- Forwarded message ---------", "Begin forwarded message:", "-- ", "________________",
    ]
    static let unicode = ["\u{A0}", "\u{2013}", "\u{2014}", "\u{200B}", "\u{FEFF}", "é", "日本語", "\u{FF1A}", "\u{2028}", "\u{AD}",
                          "\u{202F}", "\u{1F600}", "\u{2212}", "\u{201C}", "\u{2019}", "\u{0301}"]

    mutating func fragment() -> String {
        switch int(0...99) {
        case 0..<18: return pick(Self.labels)
        case 18..<32: return pick(Self.separators)
        case 32..<44: return guid()
        case 44..<52: return thumbprint()
        case 52..<57: return domain()
        case 57..<63: return requestID()
        case 63..<75: return pick(Self.words)
        case 75..<81: return "\n" + pick(Self.structure) + "\n"
        case 81..<88: return "\n" + pick(["> ", ">> ", "> > ", ">", " > ", ">>> ", ""])
        case 88..<93: return pick(["\r\n", "\n", "\r", "\n\n", " ", "\t"])
        case 93..<97: return pick(Self.unicode)
        default: return String((0..<int(1...6)).map { _ in Character(Unicode.Scalar(UInt8(int(0x21...0x7E)))) })
        }
    }

    /// A reply-shaped text; without `html`, free of `<` and `&` so that it is never read as HTML.
    mutating func replyText(html: Bool) -> String {
        var text = ""
        if chance(40) {
            // A whole block, perhaps filled, perhaps quoted.
            let prefix = pick(["", "> ", ">> ", "> > "])
            let lines = ["----- BEGIN SPCONNECT REPLY -----", "Request: \(requestID())",
                         "Directory (tenant) ID: \(chance(70) ? (chance(80) ? guid() : domain()) : "")",
                         "Application (client) ID: \(chance(75) ? guid() : "")",
                         "Certificate thumbprint: \(chance(60) ? thumbprint() : "")", "----- END SPCONNECT REPLY -----"]
            text += lines.map { prefix + $0 }.joined(separator: pick(["\n", "\r\n"])) + "\n"
        }
        for _ in 0..<int(1...40) { text += fragment() }
        if !html {
            text = text.replacingOccurrences(of: "<", with: "(").replacingOccurrences(of: "&", with: "+")
            // Not to be read as a message either: no header-looking first line.
            text = "\n" + text
        }
        return text
    }

    // MARK: - HTML

    mutating func html() -> String {
        var output = pick(["", "<html><head><style>p{x:1}</style><title>t</title></head><body>", "<!DOCTYPE html><html><body>", "<div dir=\"ltr\">"])
        for _ in 0..<int(1...30) {
            switch int(0...9) {
            case 0: output += pick(["<p class=MsoNormal>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<o:p></o:p>", "<td>", "</td><td>", "<tr>", "<pre>", "</pre>"])
            case 1: output += pick(["<blockquote type=\"cite\">", "</blockquote>", "<!-- c -->", "<!--[if mso]>x<![endif]-->", "<script>x</script>", "<b>", "</b>", "<", "<!", "<a href=\"x>y\">"])
            case 2: output += pick(["&nbsp;", "&amp;", "&lt;", "&gt;", "&#58;", "&#x3A;", "&#55;", "&#x2d;", "&#0;", "&#99999999;", "&bogus;", "&", "&nbsp", "&#"])
            case 3: output += html(escaping: guid())
            case 4: output += html(escaping: thumbprint())
            default: output += html(escaping: replyText(html: true))
            }
        }
        return output
    }

    func html(escaping text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "<br>\n")
    }

    // MARK: - MIME

    mutating func encode(_ text: String, charset: String) -> [UInt8] {
        switch charset {
        case "iso-8859-1", "windows-1252": return text.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") }
        case "utf-16le": return Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        default: return Array(text.utf8)
        }
    }

    mutating func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var column = 0
        let width = int(10...76)
        for byte in bytes {
            let plain = (byte >= 33 && byte <= 126 && byte != 61) || byte == 32
            let piece: [UInt8] = byte == 10 ? [13, 10] : plain ? [byte] : Array(String(format: "=%02X", byte).utf8)
            if byte != 10 && column + piece.count > width {
                output += [61, 13, 10]
                column = 0
            }
            output += piece
            column = byte == 10 ? 0 : column + piece.count
        }
        return output
    }

    mutating func part(depth: Int) -> [UInt8] {
        if depth < 3 && chance(35) {
            let boundary = "b\(hex(6))"
            var output = Array("Content-Type: multipart/\(pick(["alternative", "mixed", "related", "digest"])); boundary=\"\(boundary)\"\r\n\r\npreamble\r\n".utf8)
            for _ in 0..<int(1...3) {
                output += Array("--\(boundary)\r\n".utf8) + part(depth: depth + 1) + [13, 10]
            }
            if chance(85) { output += Array("--\(boundary)--\r\n".utf8) }
            return output
        }
        if depth < 3 && chance(10) {
            return Array("Content-Type: message/rfc822\r\n\r\nSubject: inner \(requestID())\r\n".utf8) + part(depth: depth + 1)
        }
        let charset = pick(["utf-8", "iso-8859-1", "windows-1252", "utf-16le", "x-unknown", "us-ascii"])
        let subtype = pick(["plain", "html", "plain; format=flowed", "plain; format=flowed; delsp=yes"])
        let text = subtype == "html" ? html() : replyText(html: false)
        var body = encode(text, charset: charset)
        let encoding = pick(["7bit", "8bit", "quoted-printable", "base64", "binary"])
        if encoding == "quoted-printable" { body = quotedPrintable(body) }
        if encoding == "base64" {
            body = Array(Data(body).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
        }
        if chance(10) { body = Array(body.prefix(int(0...max(0, body.count)))) }
        let disposition = chance(15) ? "Content-Disposition: attachment; filename=x.txt\r\n" : ""
        return Array("Content-Type: text/\(subtype); charset=\(charset)\r\nContent-Transfer-Encoding: \(encoding)\r\n\(disposition)\r\n".utf8) + body
    }

    mutating func mime() -> [UInt8] {
        var message = Array("From: Alex <admin@contoso.com>\r\nTo: dev@contoso.com\r\nSubject: =?utf-8?q?Re=3A_\(requestID().replacingOccurrences(of: " ", with: "_"))?=\r\n \(pick(["", "folded"]))\r\nMIME-Version: 1.0\r\n".utf8)
        message += part(depth: 0)
        if chance(15) { message = Array(message.prefix(int(0...message.count))) }
        return message
    }

    // MARK: - Mutations and noise

    mutating func mutate(_ original: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<int(1...8) {
            guard !bytes.isEmpty else { break }
            let at = int(0...bytes.count - 1)
            switch int(0...7) {
            case 0: bytes[at] ^= UInt8(1 << int(0...7))
            case 1: bytes.insert(UInt8(int(0...255)), at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + int(1...64)))
            case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + int(1...200))], at: int(0...bytes.count))
            case 4: bytes = Array(bytes.prefix(at))
            case 5: bytes.insert(contentsOf: Array(fragment().utf8), at: at)
            case 6:
                let cut = other.isEmpty ? 0 : int(0...other.count - 1)
                bytes = Array(bytes.prefix(at)) + other[cut...]
            default:
                let to = int(0...bytes.count - 1)
                bytes.swapAt(at, to)
            }
        }
        return bytes
    }

    mutating func randomBytes() -> [UInt8] {
        let count = int(0...2000)
        if chance(50) { return (0..<count).map { _ in UInt8(int(0...255)) } }
        return (0..<count).map { _ in UInt8(int(0x09...0x7E)) }
    }
}
