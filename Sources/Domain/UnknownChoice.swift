/// A word that names none of a ``NamedChoice``'s cases, as a store or a file held it.
///
/// It carries facts only; the module that read the word turns it into its own error.
public struct UnknownChoice: Error, Sendable, Equatable {
    /// What the value is (`cloud`, `permission profile`).
    public let kind: String
    /// The word as it was read, unfiltered: show it through `ServerText`.
    public let text: String
    /// The words that are known, in order.
    public let known: [String]

    /// The failure to read `text` as a `kind`, which knows only `known`.
    public init(kind: String, text: String, known: [String]) {
        self.kind = kind
        self.text = text
        self.known = known
    }
}
