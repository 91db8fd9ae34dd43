import Entra

/// `--site` values as users copy them from the browser: each one reduced to its site (or
/// subsite) by ``SiteURL``, with a note saying what it became.
enum SiteOption {
    /// `texts`, each reduced to its site's address; a value that changed is named on standard error.
    static func reduced(_ texts: [String], option: String = "--site") -> [String] {
        texts.map { text in
            guard let site = SiteURL.reduction(of: text) else { return text }
            Console.note("spconnect: note: \(option) \(text) is an address inside a site; using the site \(site)")
            return site
        }
    }
}
