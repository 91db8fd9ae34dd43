#if canImport(Glibc)
import Glibc
#endif
import OpenSSLSupport
import Common
import Vault
import Templates

/// The `instructions` command: one part of a request's email rendered again from the store
/// and the templates, for standard output or a file. Needs no passphrase: nothing secret is read.
public struct RenderInstructions: Sendable {
    /// What to render.
    public enum Part: Sendable, Equatable {
        /// One part of the ``InstructionSet``.
        case part(InstructionSet.Format)
        /// The whole email as the outbox draft has it (CRLF lines, MIME, `X-Unsent: 1`).
        case email
    }

    /// What was rendered.
    public enum Result: Sendable {
        /// The text, ending in a newline, for standard output.
        case text(String)
        /// The file written.
        case written(String)
    }

    /// The request's ID.
    public var request: String
    /// The part to render.
    public var part: Part
    /// The file to write; nil: the text is returned.
    public var out: String?
    /// Replace `out` if it exists.
    public var force = false
    /// A folder of `NAME.mustache` files that replace the shipped templates (it must exist).
    public var templates: String?

    /// The instructions of `request`, as `part`.
    public init(request: String, part: Part) {
        self.request = request
        self.part = part
    }

    /// Renders; a cancelled request is a ``WorkflowNotice/cancelledRequest(id:)``. A file
    /// is written atomically (a PowerShell script with a byte order mark, an Azure CLI script
    /// executable), never over an existing one without `force`.
    public func run(in environment: Environment) throws -> Result {
        let store = try environment.openStore()
        let record = try store.verifiedRequest(request)
        if record.status == .cancelled { environment.notify(.cancelledRequest(id: record.id)) }
        let certificate = try X509Certificate(der: Array(record.certificate))
        let library = try TemplateLibrary(overridesIn: templates ?? environment.location.templatesPath, required: templates != nil)
        let instructions = try InstructionRenderer.render(request: record, certificate: certificate, templates: library)
        var text: String
        switch part {
        case .part(let format):
            text = instructions.part(format)
        case .email:
            text = String(decoding: try RequestMessage.compose(record, instructions: instructions).draft.bytes, as: UTF8.self)
        }
        if !text.hasSuffix("\n") { text += "\n" }
        guard let out else { return .text(text) }
        if !force, Glibc.access(out, F_OK) == 0 {
            throw CommonError(.fileExists, "\(out) already exists", facts: .step(.output, path: out))
        }
        // A .ps1 file is UTF-8 with a BOM, or Windows PowerShell 5.1 reads it in the ANSI code page.
        let bytes = part == .part(.powershell) ? [0xEF, 0xBB, 0xBF] + Array(text.utf8) : Array(text.utf8)
        try AtomicFileSet.writeFile(bytes, to: out, mode: part == .part(.azcli) ? 0o755 : 0o644, overwrite: force)
        return .written(out)
    }
}
