/// The one rule for the names a person gives: a certificate's (its CN and its files'
/// stem) and a connection's.
///
/// A name is 1 to 64 Unicode scalars; it holds no control or invisible format character
/// (C0, DEL, C1, and the bidirectional and zero-width controls that reorder or hide
/// text), no `/` or `\`, no `..`; it does not start with `.` or `-` (a hidden file, an
/// option), has no blank at either end, and is not a request ID's spelling (`SPC-…`),
/// which commands that take either would read as the request.
public enum NameRule {
    /// The longest name, in Unicode scalars (X.509's upper bound for a common name).
    public static let maximumLength = 64

    /// Why a name breaks the rule; ``detail(subject:)`` says it in words.
    public enum Violation: Sendable, Equatable {
        /// The name is empty.
        case empty
        /// The name has this many scalars, more than ``NameRule/maximumLength``.
        case tooLong(Int)
        /// The name holds this control or format character.
        case controlCharacter(Unicode.Scalar)
        /// The name holds this path separator (`/` or `\`).
        case pathSeparator(Unicode.Scalar)
        /// The name holds `..` or starts with `.` or `-`.
        case dotsOrLeadingHyphen
        /// The name starts or ends with a blank.
        case blankAtEnd
        /// The name is spelled as a request ID.
        case requestID

        /// One line for the person, `subject` naming what was checked (`the name`).
        public func detail(subject: String) -> String {
            switch self {
            case .empty:
                "\(subject) is empty"
            case .tooLong(let count):
                "\(subject) has \(count) characters; at most \(NameRule.maximumLength) fit"
            case .controlCharacter(let scalar):
                "\(subject) contains the control character U+\(String(scalar.value, radix: 16, uppercase: true))"
            case .pathSeparator(let scalar):
                "\(subject) contains a path separator ('\(scalar)')"
            case .dotsOrLeadingHyphen:
                "\(subject) must not contain '..' or start with '.' or '-' (which reads as an option)"
            case .blankAtEnd:
                "\(subject) starts or ends with a blank"
            case .requestID:
                "\(subject) is a request ID's form, which commands that take either would read as the request"
            }
        }
    }

    /// What is wrong with `name`, the first rule it breaks in the order above; nil when it
    /// keeps them all.
    public static func violation(in name: String) -> Violation? {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return .empty }
        if scalars.count > maximumLength { return .tooLong(scalars.count) }
        if let bad = scalars.first(where: { $0.value == 0x7F || [.control, .format].contains($0.properties.generalCategory) }) {
            return .controlCharacter(bad)
        }
        if let separator = scalars.first(where: { $0 == "/" || $0 == "\\" }) { return .pathSeparator(separator) }
        if name.contains("..") || first == "." || first == "-" { return .dotsOrLeadingHyphen }
        if first.properties.isWhitespace || last.properties.isWhitespace { return .blankAtEnd }
        if RequestID.normalize(name, requiringPrefix: true) != nil { return .requestID }
        return nil
    }
}
