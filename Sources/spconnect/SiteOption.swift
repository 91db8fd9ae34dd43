import Common
import Entra
import Domain

/// `--site` values as users copy them from the browser: each one reduced to its site (or
/// subsite) by ``SiteURL``, with a note saying what it became.
enum SiteOption {
    /// `texts`, each reduced to its site's address by ``SiteURL`` (what `verify` calls); a
    /// value that changed is named on standard error.
    static func reduced(_ texts: [String], option: String = "--site") -> [String] {
        texts.map { text in noted(text, option: option, site: SiteURL.reduction(of: text)) }
    }

    /// `texts`, each reduced as ``SharePointSite`` reads it for `cloud` (what `request` keeps):
    /// the note is about the address the request will hold, even where ``SiteURL`` refuses
    /// the value (a space in a site's name). A value it refuses is passed on unchanged, for
    /// the request's own check to say why.
    static func reduced(_ texts: [String], option: String = "--site", cloud: Cloud) -> [String] {
        texts.map { text in
            guard let site = try? SharePointSite(text, cloud: cloud) else { return text }
            var given = Substring(text.trimmingWhitespace)
            while given.hasSuffix("/") { given = given.dropLast() }
            return noted(text, option: option, site: site.url.lowercased() == given.lowercased() ? nil : site.url)
        }
    }

    private static func noted(_ text: String, option: String, site: String?) -> String {
        guard let site else { return text }
        Console.note("spconnect: note: \(option) \(text) is an address inside a site; using the site \(site)")
        return site
    }
}
