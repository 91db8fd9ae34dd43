import Domain
import Common

/// A SharePoint Online site collection named by its address (`--site URL`).
///
/// Only `https://TENANT.SUFFIX[/sites/NAME|/teams/NAME|…]` addresses of the request's cloud
/// are accepted (an address inside the site, such as a library view, is reduced to the site
/// by `SiteURL.sitePath(of:given:)`): anything else could not be granted by the scripts, and a site address is
/// copied into scripts, so its characters are checked here as well as quoted there.
public struct SharePointSite: Sendable, Hashable {
    /// The site's address as given (host in lower case, no query, no page, no trailing slash): what the email shows.
    public let url: String
    /// `contoso.sharepoint.com`, lower case.
    public let hostName: String
    /// `/sites/Team Site` (percent-decoded), or empty for the root site.
    public let path: String

    /// Parses and checks `text` for `cloud`.
    public init(_ text: String, cloud: Cloud) throws(EntraError) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw EntraError(.invalidValue, "the site address \(Self.printable(text)) contains a control character",
                             facts: ErrorFacts(values: [.check: "siteAddress", .host: "contoso.\(cloud.sharePointSuffix)"]))
        }
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("https://") else {
            throw EntraError(.invalidValue, "the site address \(trimmed) does not start with https://",
                             facts: ErrorFacts(values: [.check: "siteAddress", .host: "contoso.\(cloud.sharePointSuffix)"]))
        }
        var rest = Substring(trimmed.dropFirst("https://".count))
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let host: Substring
        var path: Substring
        if let slash = rest.firstIndex(of: "/") {
            host = rest[..<slash]
            path = rest[slash...]
        } else {
            host = rest
            path = ""
        }
        let hostName = host.lowercased()
        let suffix = "." + cloud.sharePointSuffix
        let label = hostName.hasSuffix(suffix) ? String(hostName.dropLast(suffix.count)) : ""
        guard !label.isEmpty, !label.contains("."),
              label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw EntraError(.invalidValue, "\(trimmed) is not a SharePoint Online site of the \(cloud.rawValue) cloud (*\(suffix))",
                             facts: cloud == .global
                                ? ErrorFacts(values: [.check: "siteAddress", .host: "contoso.sharepoint.com"])
                                : ErrorFacts(values: [.check: "siteCloud", .cloud: cloud.rawValue]))
        }
        // A page, a list or library view inside the site: the site itself (SiteURL is the one place for this).
        path = try SiteURL.sitePath(of: path, given: trimmed)
        guard let decoded = Self.percentDecoded(path), !decoded.contains("\\"),
              !decoded.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            throw EntraError(.invalidValue, "the site address \(trimmed) has a path that cannot be used",
                             facts: ErrorFacts(values: [.check: "siteAddress", .host: hostName]))
        }
        self.hostName = hostName
        self.path = decoded
        self.url = "https://" + hostName + String(path)
    }

    /// The Graph address of the site, relative to `/v1.0/`: `sites/HOST:/PATH` or `sites/HOST`.
    ///
    /// Source: "Get a site resource by path", https://learn.microsoft.com/graph/api/site-getbypath
    public var graphLookupPath: String {
        path.isEmpty ? "sites/\(hostName)" : "sites/\(hostName):\(Self.percentEncoded(path))"
    }

    /// Percent-encodes everything but unreserved characters and `/`.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }
        }
        return out
    }

    /// Decodes `%XX` escapes; nil when one is malformed, the result is not UTF-8 or holds a control character.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first < utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second < utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second]) else { return nil }
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self),
              !string.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
