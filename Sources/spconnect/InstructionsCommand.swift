#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import OpenSSLSupport
import Common
import Mail
import Vault
import Workflow

/// `spconnect instructions`: render any part of a request's email again from the store.
struct InstructionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instructions",
        abstract: "Print or write one part of a request's instructions again.",
        discussion: """
        Renders from the stored request and the templates: the shipped ones, each replaced by
        NAME.mustache in $SPCONNECT_HOME/templates/ or in --templates DIR when there is one
        (names: subject, text, html, register-app.ps1, register-app.sh, keycredential.json).
        Needs no passphrase: nothing secret is read. --format eml is the whole email as
        a draft (X-Unsent: 1, so Outlook opens it ready to send).

        Examples:
          spconnect instructions SPC-7K3D-Q9XA
          spconnect instructions SPC-7K3D-Q9XA --format powershell \\
            --out register-app.ps1
          spconnect instructions SPC-7K3D-Q9XA --format html --templates ./my-templates
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The request's ID.", valueName: "request"))
    var request: String

    @Option(name: .long, help: "text, html, eml, powershell, azcli or manifest.")
    var format: String = "text"

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(name: .long, help: "Replace --out if it exists.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("A folder of NAME.mustache files that replace the shipped templates.", valueName: "dir"))
    var templates: String?

    func validate() throws {
        guard format == "eml" || InstructionSet.Format(rawValue: format) != nil else {
            let formats = InstructionSet.Format.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--format must be \(formats) or eml.")
        }
        if force && out == nil {
            throw ValidationError("--force only applies to --out.")
        }
    }

    func run() throws {
        let store = try global.openStore()
        let record = try store.request(request)
        if record.status == .cancelled {
            Console.warn("request \(record.id) is cancelled and its key was deleted: these instructions must not be sent or followed; "
                         + "make a new request with: spconnect request")
        }
        let certificate = try X509Certificate(der: Array(record.certificate))
        let library = try TemplateLibrary(overridesIn: templates ?? global.location.templatesPath, required: templates != nil)
        let instructions = try InstructionRenderer.render(request: record, certificate: certificate, templates: library)
        var text: String
        if let format = InstructionSet.Format(rawValue: format) {
            text = instructions.part(format)
        } else {
            // The whole email as the outbox draft has it (CRLF lines, MIME, X-Unsent: 1), to send by hand.
            text = String(decoding: try RequestMessage.compose(record, instructions: instructions).draft.bytes, as: UTF8.self)
        }
        if !text.hasSuffix("\n") { text += "\n" }
        guard let out else {
            Console.write(text, to: 1)
            return
        }
        if !force, Glibc.access(out, F_OK) == 0 {
            throw CommonError(.fileExists, "\(out) already exists", facts: .step(.output, path: out))
        }
        // A .ps1 file is UTF-8 with a BOM, or Windows PowerShell 5.1 reads it in the ANSI code page.
        let bytes = format == "powershell" ? [0xEF, 0xBB, 0xBF] + Array(text.utf8) : Array(text.utf8)
        try AtomicFileSet.writeFile(bytes, to: out, mode: format == "azcli" ? 0o755 : 0o644, overwrite: force)
        Console.out("Wrote \(out)")
    }
}
