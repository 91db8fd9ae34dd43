import Certificates
import Domain
import Workflow

// How `status` shows its report on the terminal: a table, then one line per certificate
// that needs something done, naming the command that does it.
extension ExpiryReport {
    /// The table and what to do; `home` is the `--home` the user gave, carried into the commands.
    func text(home: String?) -> String {
        guard !entries.isEmpty else { return "No connections and no pending requests." }
        let rows = entries.map { entry in
            [entry.name, entry.kind == .connection ? "connection" : "request (\(entry.requestStatus?.rawValue ?? ""))",
             String(ISO8601.string(entry.notAfter).prefix(10)), DaysLeft.isExpired(entry.daysLeft) ? "expired" : "\(entry.daysLeft)",
             entry.state.rawValue]
        }
        var lines = [TextTable.render(header: ["NAME", "KIND", "UNTIL", "DAYS LEFT", "STATE"], rows: rows), ""]
        let due = entries.filter { $0.state != .fine }
        if due.isEmpty {
            lines.append("Every certificate is valid for more than \(window) days.")
        }
        for entry in due { lines.append(Self.next(entry, home: home)) }
        return lines.joined(separator: "\n")
    }

    /// What to do about one certificate that ends within the window or has ended.
    static func next(_ entry: Entry, home: String?) -> String {
        let day = String(ISO8601.string(entry.notAfter).prefix(10))
        let command = { (words: [String]) in PasteableCommand.spconnect(home: home, words) }
        switch (entry.kind, entry.state) {
        case (.connection, .expired):
            return "\(entry.name) expired on \(day); renew it through your admin: \(command(["renew", entry.name, "--via-admin", "--admin", "ADMIN-EMAIL"]))"
        case (.connection, _):
            return "\(entry.name) ends on \(day) (\(DaysLeft.text(entry.daysLeft))); renew it: \(command(["renew", entry.name]))"
        case (.request, .expired):
            return "\(entry.name) expired on \(day) before its reply was imported; cancel it (\(command(["cancel", entry.name]))) and make a new request"
        case (.request, _):
            return "\(entry.name) ends on \(day) (\(DaysLeft.text(entry.daysLeft))): import the admin's reply before then, or cancel it and make a new request"
        }
    }
}
