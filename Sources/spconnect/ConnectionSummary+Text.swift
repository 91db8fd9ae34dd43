import Certificates
import Domain
import Workflow

// How the commands show a connection on the terminal: a row of the `connections` table and
// the lines of `show`, `import` and `connection set` (the JSON object is ConnectionSummary's
// own, as `export --format json` writes it).
extension ConnectionSummary {
    /// One line for the `connections` table.
    var row: [String] {
        [listing.name, listing.tenantID, listing.clientID, listing.cloud.rawValue, String(ISO8601.string(listing.notAfter).prefix(10)),
         DaysLeft.isExpired(daysLeft) ? "expired" : "\(daysLeft)"]
    }

    /// `label: value` lines for `show`.
    var text: String {
        var lines = [
            "Connection:               \(listing.name)",
            "Directory (tenant) ID:    \(listing.tenantID)" + (listing.tenantDomain.map { " (\($0))" } ?? ""),
            "Application (client) ID:  \(listing.clientID)",
            "Object ID:                \(listing.objectID ?? "(not given by the admin)")",
            "Cloud:                    \(listing.cloud.rawValue)",
            "Permission:               \(listing.permission.rawValue)" + (listing.permission == .sitesSelected ? " (\(listing.siteRole.rawValue))" : ""),
            "Sites:                    \(listing.sites.isEmpty ? "(none)" : listing.sites.joined(separator: ", "))",
            "Thumbprint (SHA-1):       \(listing.thumbprintSHA1)",
            "SHA-256:                  \(listing.thumbprintSHA256)",
            "Certificate until:        \(ISO8601.string(listing.notAfter)) (\(DaysLeft.text(daysLeft)))",
        ]
        if let requestID = listing.requestID { lines.append("From request:             \(requestID)") }
        return lines.joined(separator: "\n")
    }
}
