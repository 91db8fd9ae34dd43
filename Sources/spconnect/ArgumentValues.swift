import OpenSSLSupport
import Domain
import ArgumentParser
import Certificates
import Workflow

// The option values the argument parser checks itself: an unknown one is a usage error
// (exit 2) that quotes the option's help, and the shells complete the values. Declared
// here, on the domain's own types, so only the command line knows the argument parser.
//
// `allValueStrings` is empty because each option's help already names its values in
// words ("pfx, pem or json."); the parser's "(values: …)" would say it twice. The shells
// get the values from `defaultCompletionKind`.

/// `export --format`: pfx, pem or json.
extension ConnectionExporter.Format: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
    public static var defaultCompletionKind: CompletionKind { .list(allCases.map(\.rawValue)) }
}

/// `request --transport`, `send --transport`: outbox or smtp.
extension TransportChoice: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
    public static var defaultCompletionKind: CompletionKind { .list(allCases.map(\.rawValue)) }
}

/// `verify --assertion`: ps256 or rs256, in any case.
extension SignatureScheme: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.uppercased())
    }

    public static var allValueStrings: [String] { [] }
    public static var defaultCompletionKind: CompletionKind { .list(allCases.map { $0.rawValue.lowercased() }) }
}

/// `request --cloud`: global, usgov, usgovdod or china, in any case.
extension Cloud: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    public static var allValueStrings: [String] { [] }
    public static var defaultCompletionKind: CompletionKind { .list(allCases.map(\.rawValue)) }
}

/// `request --permission`: the permission profiles, in any case.
extension PermissionProfile: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    public static var allValueStrings: [String] { [] }
    public static var defaultCompletionKind: CompletionKind { .list(allCases.map(\.rawValue)) }
}
