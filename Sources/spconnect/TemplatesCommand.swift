import ArgumentParser
import Common
import Workflow
import Templates

/// `spconnect templates`: the instruction templates and their variables.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the instruction templates, or show one and its variables.",
        discussion: """
        The shipped templates are compiled into spconnect; NAME.mustache in
        $SPCONNECT_HOME/templates/ (or in --templates DIR) replaces the one of that name.
        What each variable holds: spconnect templates show NAME --variables.

        Examples:
          spconnect templates list
          spconnect templates show text
          spconnect templates show register-app.sh --variables
          spconnect templates show html > html.mustache
        """,
        subcommands: [TemplatesListCommand.self, TemplatesShowCommand.self]
    )
}

/// Where the templates come from, for both subcommands.
struct TemplateSourceOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("A folder of NAME.mustache files that replace the shipped templates.", valueName: "dir"))
    var templates: String?

    func catalog() throws -> TemplateCatalog {
        try ListTemplates(folder: templates).run(in: global.environment())
    }

    func entry(_ name: TemplateName) throws -> TemplateCatalog.Entry {
        try ShowTemplate(name: name, folder: templates).run(in: global.environment())
    }
}

/// `spconnect templates list`.
struct TemplatesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the templates, where each comes from, and the variables each uses.",
        discussion: """
        Examples:
          spconnect templates list
          spconnect templates list --json
        """
    )

    @OptionGroup var source: TemplateSourceOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let catalog = try source.catalog()
        if json {
            Console.out(JSONValue.members(["templates": .array(catalog.entries.map { entry in
                .members(["name": .string(entry.name.rawValue), "origin": .string(entry.origin.description),
                          "variables": .strings(entry.variables)])
            })]).rendered)
            return
        }
        for entry in catalog.entries {
            Console.out("\(entry.name) (\(entry.origin))")
            Console.out("  variables: " + entry.variables.joined(separator: ", "))
        }
        Console.out("\nShow one with: spconnect templates show NAME [--variables]")
    }
}

/// `spconnect templates show NAME`.
struct TemplatesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a template's text, or the variables it uses and what each is.",
        discussion: """
        Names: \(TemplateName.listed).

        Examples:
          spconnect templates show text
          spconnect templates show register-app.ps1 --variables
        """
    )

    @OptionGroup var source: TemplateSourceOptions

    @Argument(help: ArgumentHelp("The template's name.", valueName: "name"))
    var name: String

    @Flag(name: .long, help: "List the variables the template uses, each with its description, instead of its text.")
    var variables = false

    func validate() throws {
        guard TemplateName(rawValue: name) != nil else {
            throw ValidationError("there is no template named \(name); the templates are \(TemplateName.listed).")
        }
    }

    func run() throws {
        let entry = try source.entry(TemplateName(parsing: name))
        guard variables else {
            Console.write(entry.text.hasSuffix("\n") ? entry.text : entry.text + "\n", to: 1)
            return
        }
        let width = entry.variables.map(\.count).max() ?? 0
        for variable in entry.variables {
            let padding = String(repeating: " ", count: width - variable.count)
            Console.out("\(variable)\(padding)  \(TemplateCatalog.description(of: variable) ?? "(not described)")")
        }
    }
}
