import Common
import Entra
import Domain

/// `--site` values as users copy them from the browser: each one reduced to its site (or
/// subsite) by ``SiteURL``, with a ``WorkflowNotice/siteReduced(option:given:site:)`` saying what it became.
public enum SiteOption {
    /// `texts`, each reduced to its site's address by ``SiteURL`` (what `verify` calls); a
    /// value that changed is handed to `notify`.
    public static func reduced(_ texts: [String], option: String = "site", notify: (WorkflowNotice) -> Void) -> [String] {
        texts.map { text in noted(text, option: option, site: SiteURL.reduction(of: text), notify: notify) }
    }

    /// `texts`, each reduced as ``SharePointSite`` reads it for `cloud` (what `request` keeps):
    /// the notice is about the address the request will hold, even where ``SiteURL`` refuses
    /// the value (a space in a site's name). A value it refuses is passed on unchanged, for
    /// the request's own check to say why.
    public static func reduced(_ texts: [String], option: String = "site", cloud: Cloud, notify: (WorkflowNotice) -> Void) -> [String] {
        texts.map { text in
            guard let site = try? SharePointSite(text, cloud: cloud) else { return text }
            var given = Substring(text.trimmingWhitespace)
            while given.hasSuffix("/") { given = given.dropLast() }
            return noted(text, option: option, site: site.url.lowercased() == given.lowercased() ? nil : site.url, notify: notify)
        }
    }

    private static func noted(_ text: String, option: String, site: String?, notify: (WorkflowNotice) -> Void) -> String {
        guard let site else { return text }
        notify(.siteReduced(option: option, given: text, site: site))
        return site
    }
}
