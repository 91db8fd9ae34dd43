/// A value chosen from a fixed list of words, its raw values: the word a flag, the
/// configuration file and the store spell it with.
///
/// The word is read in any letter case and always written in lower case, so a store
/// written by an earlier spconnect reads the same. A word that names no case is an
/// ``UnknownChoice``, never a default.
public protocol NamedChoice: RawRepresentable<String>, CaseIterable, Codable, Sendable, Hashable {
    /// What the value is, in a few words for messages (`cloud`, `site role`).
    static var kind: String { get }
}

extension NamedChoice {
    /// The case named `text`, in any letter case; nil for any other word.
    public init?(named text: String) {
        self.init(rawValue: text.lowercased())
    }

    /// The case named `text` as a store or a file holds it.
    ///
    /// - Throws: ``UnknownChoice`` when `text` names no case.
    public init(stored text: String) throws(UnknownChoice) {
        guard let value = Self(named: text) else { throw UnknownChoice(kind: Self.kind, text: text, known: Self.names) }
        self = value
    }

    /// Every case's word, in declaration order.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Reads the word through ``init(stored:)``: an unknown word throws ``UnknownChoice``.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(stored: text)
    }
}
