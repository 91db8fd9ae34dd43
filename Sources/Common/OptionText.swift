/// Text for a person that names command-line options by their key (`tenant`, `caFile`,
/// `tenantID`…), never spelled as flags: the command line spells each one (the `Hints`
/// module's `OptionSpelling`), so no module below it writes a flag name.
///
/// Written with an interpolation: `"\(option: "tenant") is empty or too long"` becomes
/// `--tenant is empty or too long` on the command line; ``plain`` says it without flags.
public struct OptionText: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A piece of the text.
    public enum Part: Sendable, Equatable {
        /// Words as they are.
        case text(String)
        /// A command-line option, by its key.
        case option(String)
    }

    /// The pieces, in order.
    public private(set) var parts: [Part]

    /// Text that names no option.
    public init(_ text: String) {
        parts = text.isEmpty ? [] : [.text(text)]
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// Whether the text names an option.
    public var namesOption: Bool {
        parts.contains { if case .option = $0 { true } else { false } }
    }

    /// The text with each option spelled by `spell` (its key in, the words for it out).
    public func spelled(_ spell: (String) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .option(let key): spell(key)
            }
        }.joined()
    }

    /// The text with each option as its key: what a module below the command line shows.
    public var plain: String { spelled { $0 } }

    public var description: String { plain }

    /// Appends `other`.
    public static func + (lhs: OptionText, rhs: OptionText) -> OptionText {
        var joined = lhs
        joined.parts += rhs.parts
        return joined
    }

    /// The pieces of an interpolated literal.
    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            guard !literal.isEmpty else { return }
            if case .text(let previous) = parts.last {
                parts[parts.count - 1] = .text(previous + literal)
            } else {
                parts.append(.text(literal))
            }
        }

        /// A value, as `String(describing:)` writes it.
        public mutating func appendInterpolation<Value>(_ value: Value) {
            appendLiteral(String(describing: value))
        }

        /// The option whose key is `key`.
        public mutating func appendInterpolation(option key: String) {
            parts.append(.option(key))
        }

        /// Another option text, its options kept.
        public mutating func appendInterpolation(_ text: OptionText) {
            for part in text.parts {
                switch part {
                case .text(let words): appendLiteral(words)
                case .option: parts.append(part)
                }
            }
        }
    }
}
