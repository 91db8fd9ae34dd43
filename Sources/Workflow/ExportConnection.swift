#if canImport(Glibc)
import Glibc
#endif
import Common
import Vault

/// The `export` command: one connection written as PFX, PEM or JSON to a file or to
/// standard output. PFX and PEM carry the private key: they unlock the store and protect
/// the key with a password (`SPCONNECT_CERT_PASSWORD`, a password file or a prompt).
public struct ExportConnection: Sendable {
    /// Where the export goes.
    public enum Destination: Sendable, Equatable {
        /// A regular file, written atomically (replaced only with `replace`).
        case file(String, replace: Bool)
        /// Standard output (``Environment/writeStandardOutput``).
        case standardOutput

        /// How notices and audit lines name it.
        var name: String {
            switch self {
            case .file(let path, _): path
            case .standardOutput: "standard output"
            }
        }
    }

    /// What was written.
    public struct Result: Sendable {
        /// The connection's name.
        public let connection: String
        /// The format written.
        public let format: ConnectionExporter.Format
        /// Where it went.
        public let destination: Destination
        /// Whether the key it holds is encrypted (false for json, which holds none).
        public let keyEncrypted: Bool
    }

    /// The connection's name.
    public var connection: String
    /// What to write.
    public var format: ConnectionExporter.Format
    /// Where to write it.
    public var destination: Destination
    /// A file holding the password for the exported key (else the variable or a prompt).
    public var passwordFile: String?
    /// Accept a key password below ``PassphraseStrength``'s floor.
    public var allowWeakPassword = false
    /// Protect the key with a password (false writes it unencrypted).
    public var encryptKey = true

    /// An export of `connection` as `format` to `destination`.
    public init(connection: String, format: ConnectionExporter.Format, destination: Destination) {
        self.connection = connection
        self.format = format
        self.destination = destination
    }

    /// Writes the export. Nothing is written when the connection is unknown, the file is in
    /// the way, the store stays locked or the password cannot be read.
    public func run(in environment: Environment) throws -> Result {
        let store = try environment.openStore()
        let record = try environment.connection(connection, in: store)
        if case .file(let out, let replace) = destination {
            var info = stat()
            if lstat(out, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                throw CommonError(.notRegularFile, "\(out) exists and is not a regular file; spconnect writes only regular files",
                                  facts: ErrorFacts(values: [.path: out]))
            }
            if !replace, Glibc.access(out, F_OK) == 0 {
                throw CommonError(.fileExists, "\(out) already exists", facts: .step(.output, path: out))
            }
        }
        var unlocked: UnlockedStore?
        var password: SecretBytes?
        if format.holdsKey {
            unlocked = try environment.unlock(store)
            if !encryptKey {
                environment.notify(.unencryptedKey(destination: destination.name))
            } else {
                let prompt = destination == .standardOutput ? "the exported key" : destination.name
                var source = environment.password(file: passwordFile, variable: "SPCONNECT_CERT_PASSWORD", prompt: "Password for \(prompt): ")
                source.allowWeak = allowWeakPassword
                password = try source.read(confirm: true)
            }
        }
        switch destination {
        case .standardOutput:
            let bytes = try ConnectionExporter.render(record, format: format, unlocked: unlocked, password: password)
            guard bytes.withUnsafeBytes({ environment.writeStandardOutput($0) }) else {
                throw CommonError(.writeFailed, "standard output: the export could not be written (closed pipe?)", facts: ErrorFacts(values: [.path: "-"]))
            }
            try ConnectionExporter.recordExport(record, format: format, unlocked: unlocked, password: password, destination: destination.name)
        case .file(let out, let replace):
            try ConnectionExporter.export(record, format: format, unlocked: unlocked, password: password, to: out, force: replace)
        }
        return Result(connection: record.name, format: format, destination: destination, keyEncrypted: password != nil)
    }
}
