import Common

/// A SharePoint site address, checked and split into the parts `verify` needs.
///
/// This is the one place where an address copied from the browser is reduced to the site
/// (or subsite) it belongs to: a page, a list or library view, a settings page, a sharing
/// link's `/:x:/r/` prefix, a query or a fragment is dropped (`sitePath(of:given:)`).
public struct SiteURL: Sendable, Equatable, CustomStringConvertible {
    /// `host[:port]`, lower-cased.
    public let host: String
    /// The site's path without a trailing slash (`/sites/reports`, or empty for the root site).
    public let path: String
    /// Whether the address named something inside the site (a page, a view, a query) and
    /// was reduced to the site's own address.
    public let wasReduced: Bool

    /// Parses `https://host[:port][/path]` and reduces it to its site; a trailing slash is dropped.
    ///
    /// - Throws: ``EntraError/Code/invalidValue`` for anything that is not an https URL,
    ///   a sharing link that does not name its site, or a file's address.
    public init(_ text: String) throws(EntraError) {
        let trimmed = text.trimmingWhitespace
        guard trimmed.lowercased().hasPrefix("https://") else {
            throw EntraError(.invalidValue, "\(text) is not an https:// site address",
                             facts: ErrorFacts(actor: .you, values: [.check: "siteURL"]))
        }
        var rest = Substring(trimmed.dropFirst(8))
        var reduced = false
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            reduced = rest[cut...].count > 1
            rest = rest[..<cut]
        }
        let hostPart = rest.prefix { $0 != "/" }
        let given = rest.dropFirst(hostPart.count)
        let pathPart = try Self.sitePath(of: given, given: trimmed)
        guard !hostPart.isEmpty, !hostPart.contains("@"), !hostPart.contains(" "), !pathPart.contains(" ") else {
            throw EntraError(.invalidValue, "\(text) is not a site address",
                             facts: ErrorFacts(actor: .you, values: [.check: "siteURL"]))
        }
        host = hostPart.lowercased()
        path = String(pathPart)
        wasReduced = reduced || Self.trimmedSlashes(given) != pathPart
    }

    /// The site address `text` reduces to when it names something inside a site (a page,
    /// a view, a query), for telling the user what it became; nil when it already is a
    /// site's address, or cannot be read as one (the caller's own check then says why).
    public static func reduction(of text: String) -> String? {
        guard let site = try? SiteURL(text), site.wasReduced else { return nil }
        return site.url
    }

    /// `https://host/path`.
    public var url: String { "https://\(host)\(path)" }

    /// The normalised address.
    public var description: String { url }

    /// The resource a token for this site is asked for: `https://host`.
    public var resource: String { "https://\(host)" }

    /// The client-credentials scope for this site's host: `https://host/.default`.
    public var scope: String { resource + "/.default" }

    /// The REST call `verify` makes: the web's title.
    public var webTitleURL: String { url + "/_api/web?$select=Title" }

    // MARK: - From a browser's address to the site's

    /// Folders that only exist inside a site (compared case-insensitively, percent-decoded):
    /// where one starts, the site's path has ended. Every `_` folder is SharePoint's own
    /// (`_layouts/15/…` settings pages, `_api`, `_vti_bin`, `_catalogs`); the others are the
    /// lists and libraries every team site has (site pages, lists, the Documents library).
    static let contentFolders: Set<String> = ["sitepages", "pages", "lists", "siteassets", "shared documents", "style library"]

    /// A file's extension that no site or subsite name carries: such an address is a
    /// document inside a library whose name cannot be told from the site's.
    static let documentExtensions: Set<String> = ["docx", "doc", "xlsx", "xls", "pptx", "ppt", "pdf", "txt", "csv", "one",
                                                  "msg", "eml", "png", "jpg", "jpeg", "zip", "json", "xml", "vsdx", "mp4"]

    /// The site (or subsite) part of `path` (the address after the host, query dropped,
    /// still percent-encoded as given), without a trailing slash; empty for the root site.
    ///
    /// Site collections live under a managed path, `/sites/NAME` or `/teams/NAME` (New-SPManagedPath,
    /// https://learn.microsoft.com/powershell/module/sharepoint-server/new-spmanagedpath), subsites
    /// below them (`/sites/a/b`), OneDrive under `/personal/NAME`; the root site has no path
    /// ("Get a site resource by path", https://learn.microsoft.com/graph/api/site-getbypath).
    /// What follows the site's own name is dropped from the first of: a `_` system folder, a
    /// ``contentFolders`` entry with something below it, the library before a `Forms` folder
    /// that holds a page (`Reports/Forms/AllItems.aspx`), or a page (`….aspx`).
    static func sitePath(of path: Substring, given: String) throws(EntraError) -> Substring {
        var segments = path.split(separator: "/")
        // Office's sharing links: /:w:/r/sites/… names the item by its path; /:w:/s/… or /:f:/g/… by a token.
        if let first = segments.first, first.count == 3, first.hasPrefix(":"), first.hasSuffix(":") {
            guard segments.count > 1, segments[1] == "r" else {
                throw EntraError(.invalidValue, "\(given) is a sharing link, which does not say which site it is in",
                                 facts: ErrorFacts(actor: .you, values: [.check: "sharingLink"]))
            }
            segments.removeFirst(2)
        }
        let names = segments.map { (SharePointSite.percentDecoded($0) ?? String($0)).lowercased() }
        var end = names.count
        if names.first == "personal" { end = min(end, 2) }
        // The first segment that can be inside the site: after /sites/NAME, /teams/NAME or
        // /personal/NAME (a site may be called Forms, Pages or Lists), at once for the root site.
        let managed = names.count > 1 && ["sites", "teams", "personal"].contains(names[0])
        let inside = managed ? 2 : 0
        if managed, names[1].hasPrefix("_") { end = 1 }
        for (index, name) in names.enumerated() where index >= inside && index < end {
            let followed = index + 1 < names.count
            if name.hasPrefix("_") || (followed && contentFolders.contains(name)) || name.hasSuffix(".aspx") {
                end = index
            } else if name == "forms", index > inside, followed, names[index + 1].hasSuffix(".aspx") {
                // A library's forms folder (`Reports/Forms/AllItems.aspx`): the site ends before the library.
                end = index - 1
            }
        }
        // A file's name is only taken for one below a folder inside the site (a library):
        // `/sites/team.one` is a site, `/sites/hr/Archive/q1.xlsx` a document.
        if end > inside + 1, let last = names.prefix(end).last, let dot = last.lastIndex(of: "."),
           documentExtensions.contains(String(last[last.index(after: dot)...])) {
            throw EntraError(.invalidValue, "\(given) is a file's address, not a site's",
                             facts: ErrorFacts(actor: .you, values: [.check: "fileAddress"]))
        }
        if end == 1, ["sites", "teams", "personal"].contains(names[0]) {
            throw EntraError(.invalidValue, "\(given) names no site under /\(names[0])/",
                             facts: ErrorFacts(actor: .you, values: [.check: "siteMissing", .site: String(names[0])]))
        }
        guard end > 0 else { return "" }
        // The given text from the first kept segment to the end of the last one.
        return path[segments[0].startIndex..<segments[end - 1].endIndex].withLeadingSlash
    }

    private static func trimmedSlashes(_ path: Substring) -> Substring {
        var path = path
        while path.hasSuffix("/") { path = path.dropLast() }
        return path
    }
}

private extension Substring {
    /// The substring widened to the `/` just before it in its base string.
    var withLeadingSlash: Substring {
        guard startIndex > base.startIndex else { return self }
        let before = base.index(before: startIndex)
        return base[before] == "/" ? base[before..<endIndex] : self
    }
}
