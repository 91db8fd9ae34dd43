import Common
import Mail

/// A mailbox given with a command-line option (`request --admin`, `--cc`, `--from`): the
/// Mail module's error names the option as its location, by key, for the command line to spell.
enum OptionMailbox {
    /// `text` read as ``Mailbox/init(parsing:field:)`` reads it; an error is about the option `key`.
    static func parse(_ text: String, option key: String) throws(MailError) -> Mailbox {
        do {
            return try Mailbox(parsing: text, field: key)
        } catch {
            throw error.at("\(option: key)" as OptionText)
        }
    }
}
