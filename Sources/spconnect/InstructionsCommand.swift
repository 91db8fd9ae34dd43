import ArgumentParser
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
        var render = RenderInstructions(request: request, part: InstructionSet.Format(rawValue: format).map { .part($0) } ?? .email)
        render.out = out
        render.force = force
        render.templates = templates
        switch try render.run(in: global.environment()) {
        case .text(let text):
            Console.write(text, to: 1)
        case .written(let path):
            Console.out("Wrote \(path)")
        }
    }
}
