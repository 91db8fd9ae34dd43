import Foundation
import Testing

/// Which module may reach which C library, checked on the sources themselves.
///
/// The C libraries sit behind owned Swift layers: OpenSSL behind `OpenSSLSupport`,
/// libESMTP behind `Mail`, libcurl behind `Entra` (HTTPS) and `Mail` (SMTP with XOAUTH2
/// and implicit TLS, which libESMTP cannot do; Mail may not import Entra). Each imports its C modules with
/// `internal import`, and with that the compiler refuses any C type in a `public` or
/// `package` declaration of that module, and no other module sees the C declarations at
/// all. These tests guard the import lines that make it so, and (as a second net) look
/// for C type names in the `public` and `package` declarations outside `OpenSSLSupport`.
@Suite("C libraries stay behind their one module")
struct CLibraryImportTests {
    /// The C modules and the owning modules that alone may import each. A C module not
    /// listed here (the prctl shims, `CShims`) may be imported anywhere, with `internal import`.
    static let owners: [String: Set<String>] = [
        "COpenSSL": ["OpenSSLSupport"],
        "COpenSSLShims": ["OpenSSLSupport"],
        "CCurl": ["Entra", "Mail"],
        "CCurlShims": ["Entra", "Mail"],
        "CESMTP": ["Mail"],
        "CESMTPShims": ["Mail"],
    ]

    @Test func onlyTheOwningModuleImportsEachCLibraryAndAlwaysInternally() throws {
        let sources = try SourceTree()
        #expect(!sources.cModules.isEmpty, "no C module found under \(sources.root.path)/Sources")
        // Every C module the rules name must exist, so a rename cannot silently empty a rule.
        for module in Self.owners.keys.sorted() {
            #expect(sources.cModules.contains(module), "Sources/\(module) is not a C module any more: update the rules")
        }
        let violations = Self.violations(in: sources)
        #expect(violations.isEmpty, "\n\(violations.joined(separator: "\n"))")
    }

    /// Every import of a C module that breaks a rule, as `file:line: why`.
    static func violations(in sources: SourceTree) -> [String] {
        var found: [String] = []
        for file in sources.swiftFiles {
            for (index, line) in file.lines.enumerated() {
                guard let statement = ImportStatement(line), sources.cModules.contains(statement.module) else { continue }
                let place = "\(file.relativePath):\(index + 1)"
                if let allowed = owners[statement.module], !allowed.contains(file.module) {
                    found.append("\(place): \(file.module) imports \(statement.module); only \(allowed.sorted().joined(separator: " and ")) may")
                }
                if statement.accessLevel != "internal" {
                    found.append("\(place): `\(line.trimmingCharacters(in: .whitespaces))`: a C module is imported with `internal import`")
                }
            }
        }
        return found
    }

    @Test func noPublicOrPackageDeclarationOutsideOpenSSLSupportNamesACType() throws {
        let sources = try SourceTree()
        var violations: [String] = []
        for file in sources.swiftFiles where file.module != "OpenSSLSupport" {
            for declaration in Declaration.exported(in: file.lines) {
                if let name = CTypeNames.first(in: declaration.text) {
                    violations.append("\(file.relativePath):\(declaration.line): \(name) in `\(declaration.text.prefix(120))`")
                }
            }
        }
        #expect(violations.isEmpty, "\n\(violations.joined(separator: "\n"))")
    }
}

/// The names that mark a C type of OpenSSL, libcurl or libESMTP (or a shim) in a Swift
/// declaration. `OpaquePointer` is how Swift imports every one of their incomplete struct
/// types, so it counts too. Swift names of the project's own (`X509Certificate`,
/// `PKCS12Archive`) do not match: the prefixes are followed by `_` or stand alone.
enum CTypeNames {
    static let patterns = [
        #"\bOpaquePointer\b"#,
        #"\b(EVP|X509|SSL|BIO|BN|ASN1|OSSL|ERR|PEM|PKCS12|PKCS8|RSA|RAND|CRYPTO|OPENSSL)_\w*"#,
        #"\b(X509|SSL|BIO|BIGNUM|ENGINE|OSSL_PARAM|SSL_CTX|X509_STORE|ASN1_TIME|ASN1_INTEGER)\b"#,
        #"\b(CURL|CURLcode|CURLoption|CURLINFO|CURLM|CURLSH)\b"#, #"\b(CURL[A-Z]*_|curl_)\w*"#,
        #"\bsmtp_\w*"#, #"\bSMTP_EV_\w*"#, #"\bauth_client_request\w*"#, #"\bauth_context\w*"#,
        #"\bspc_\w*"#,
    ]

    static let expressions: [NSRegularExpression] = patterns.map { try! NSRegularExpression(pattern: $0) }

    /// The first C type name in `text`, if any.
    static func first(in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for expression in expressions {
            if let match = expression.firstMatch(in: text, range: range), let found = Range(match.range, in: text) {
                return String(text[found])
            }
        }
        return nil
    }
}

/// One `import` line: its access level (`internal` when written without one, which in
/// Swift 6 means public) and the module.
struct ImportStatement {
    let accessLevel: String
    let module: String

    /// Reads `[@attributes] [access] import [kind] Module[.Symbol]`; nil for any other line.
    init?(_ line: String) {
        var words = line.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
        var access = "default"
        if let first = words.first, ["public", "package", "internal", "fileprivate", "private", "open"].contains(first) {
            access = first
            words.removeFirst()
        }
        guard words.first == "import", words.count >= 2 else { return nil }
        words.removeFirst()
        let kinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        if let first = words.first, kinds.contains(first), words.count >= 2 { words.removeFirst() }
        guard let path = words.first else { return nil }
        accessLevel = access
        module = String(path.split(separator: ".").first ?? Substring(path))
        // A line such as `import Foo // comment` keeps only the module.
    }
}

/// A `public`, `package` or `open` declaration: from its keyword to the start of its
/// body (`{`) or its value (`=`), or to the end of its line once its parentheses are
/// closed, comments and string literals left out.
struct Declaration {
    let line: Int
    let text: String

    static let keyword = try! NSRegularExpression(pattern: #"^\s*(@[\w()., :"]+\s+)*(public|package|open)\b(?!\s+import\b)"#)

    static func exported(in lines: [String]) -> [Declaration] {
        var declarations: [Declaration] = []
        for (index, line) in lines.enumerated() {
            let code = Self.code(line)
            guard keyword.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil else { continue }
            var text = ""
            var depth = 0
            for next in lines[index..<min(lines.count, index + 8)] {
                let part = Self.code(next)
                if let end = part.firstIndex(where: { $0 == "{" || $0 == "=" }) {
                    text += " " + part[..<end]
                    break
                }
                text += " " + part
                depth += part.filter { $0 == "(" || $0 == "[" }.count - part.filter { $0 == ")" || $0 == "]" }.count
                // A signature goes on to the next line only inside its parentheses.
                if depth <= 0 { break }
            }
            declarations.append(Declaration(line: index + 1, text: text.trimmingCharacters(in: .whitespaces)))
        }
        return declarations
    }

    /// A line without its `//` comment and with string literals emptied.
    static func code(_ line: String) -> String {
        var output = ""
        var inString = false
        var previous: Character = " "
        for character in line {
            if character == "\"" && previous != "\\" { inString.toggle(); output.append(character) }
            else if inString { }
            else if character == "/" && previous == "/" { output.removeLast(); break }
            else { output.append(character) }
            previous = character
        }
        return output
    }
}

/// The repository's `Sources` folder: its Swift files by module, and which of its
/// modules are C modules (a folder with no Swift file: a system library or a C target).
struct SourceTree {
    struct File {
        let module: String
        let relativePath: String
        let lines: [String]
    }

    let root: URL
    let swiftFiles: [File]
    let cModules: Set<String>

    /// The tree of this checkout, found from this file's own path (`Tests/ArchitectureTests/…`).
    init(root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()) throws {
        self.root = root
        let sources = root.appendingPathComponent("Sources")
        let manager = FileManager.default
        var files: [File] = []
        var cModules: Set<String> = []
        for module in try manager.contentsOfDirectory(atPath: sources.path).sorted() {
            let folder = sources.appendingPathComponent(module)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let paths = (manager.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
            let swift = paths.filter { $0.hasSuffix(".swift") }
            if swift.isEmpty { cModules.insert(module) }
            for path in swift {
                let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
                files.append(File(module: module, relativePath: "Sources/\(module)/\(path)",
                                  lines: text.components(separatedBy: "\n")))
            }
        }
        swiftFiles = files
        self.cModules = cModules
    }
}
