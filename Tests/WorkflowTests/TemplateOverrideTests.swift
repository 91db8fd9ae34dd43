import Foundation
import Testing
@testable import Workflow
@testable import Templates

/// A user's templates folder, and the errors a template can cause.
@Suite struct TemplateOverrideTests {
    func folder(_ files: [String: String]) throws -> URL {
        let url = try Fixture.scratch()
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }

    @Test func aUserSubjectIsUsedAndTheOtherTemplatesStayShipped() throws {
        let url = try folder(["subject.mustache": "Action needed: {{appName}} ({{requestID}})\n"])
        defer { try? FileManager.default.removeItem(at: url) }
        let library = try TemplateLibrary(overridesIn: url.path, required: true)
        let set = try Fixture.render(Fixture.request(), templates: library)
        #expect(set.subject == "Action needed: contoso-reports (SPC-7K3D-Q9XA)")
        #expect(set.text == (try Fixture.render(Fixture.request())).text)
    }

    @Test func anUnknownVariableFailsNamingTheTemplateAndTheVariable() throws {
        let url = try folder(["subject.mustache": "{{requestID}} for {{approverName}}\n"])
        defer { try? FileManager.default.removeItem(at: url) }
        let library = try TemplateLibrary(overridesIn: url.path, required: true)
        do {
            _ = try Fixture.render(Fixture.request(), templates: library)
            Issue.record("rendered a hole")
        } catch let error as WorkflowError {
            #expect(error.code == .missingVariable)
            #expect(error.reason.contains("template subject"))
            #expect(error.reason.contains(url.appendingPathComponent("subject.mustache").path))
            #expect(error.reason.contains("approverName"))
        }
    }

    @Test func anUnknownVariableInASectionNotRenderedIsStillAnError() throws {
        var library = TemplateLibrary.shipped
        library.override(.text, with: "{{#allSites}}{{typo}}{{/allSites}}\n", origin: .file("/x/text.mustache"))
        #expect(throws: WorkflowError(.missingVariable, "")) { try Fixture.render(Fixture.request(profile: .sitesSelected), templates: library) }
    }

    @Test func sectionRecordsProvideTheirFieldsOnlyInside() throws {
        var library = TemplateLibrary.shipped
        library.override(.subject, with: "{{#sites}}{{url}} {{/sites}}{{requestID}}", origin: .shipped)
        #expect(try Fixture.render(Fixture.request(), templates: library).subject.hasPrefix("https://contoso.sharepoint.com/sites/Finance"))
        library.override(.subject, with: "{{url}}", origin: .shipped)
        #expect(throws: WorkflowError(.missingVariable, "")) { try Fixture.render(Fixture.request(), templates: library) }
    }

    @Test func anUnknownTemplateFileOrNameIsAnError() throws {
        let url = try folder(["subjet.mustache": "typo\n"])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: WorkflowError(.unknownTemplate, "")) { try TemplateLibrary(overridesIn: url.path, required: true) }
        #expect(throws: WorkflowError(.unknownTemplate, "")) { try TemplateName(parsing: "footer") }
    }

    @Test func aMissingFolderIsAnErrorOnlyWhenAskedFor() throws {
        #expect(throws: WorkflowError(.templateUnreadable, "")) { try TemplateLibrary(overridesIn: "/nonexistent/templates", required: true) }
        #expect(try TemplateLibrary(overridesIn: "/nonexistent/templates", required: false).sources.count == TemplateName.allCases.count)
    }

    @Test(arguments: [
        (TemplateName.html, "<p>{{{appName}}}</p>", WorkflowError.Code.templateSyntax),
        (.html, "<p>{{& appName}}</p>", .templateSyntax),
        (.text, "{{> header}}", .templateSyntax),
        (.text, "{{%CONTENT_TYPE: HTML}}", .templateSyntax),
        (.text, "{{#sites}}{{url}}", .templateSyntax),
        (.text, "{{/sites}}", .templateSyntax),
        (.text, "{{roles}}", .templateSyntax),
        (.text, "{{sitesSelected}}", .templateSyntax),
        (.text, "{{shout(appName)}}", .missingVariable),
        (.text, "{{appName", .templateSyntax),
    ])
    func refusedConstructs(name: TemplateName, text: String, code: WorkflowError.Code) throws {
        var library = TemplateLibrary.shipped
        library.override(name, with: text, origin: .file("/x/\(name).mustache"))
        #expect(throws: WorkflowError(code, "")) { try Fixture.render(Fixture.request(), templates: library) }
    }

    @Test func transformsAndDelimiterChangesWork() throws {
        var library = TemplateLibrary.shipped
        library.override(.subject, with: "{{uppercased(appName)}} {{=<% %>=}}<%requestID%>", origin: .shipped)
        #expect(try Fixture.render(Fixture.request(), templates: library).subject == "CONTOSO-REPORTS SPC-7K3D-Q9XA")
    }

    @Test func textTemplatesAreNotHTMLEscaped() throws {
        var library = TemplateLibrary.shipped
        library.override(.subject, with: "{{appName}}", origin: .shipped)
        #expect(try Fixture.render(Fixture.request(appName: "R&D <reports>"), templates: library).subject == "R&D <reports>")
    }

    @Test func aSubjectNeverSpansLines() throws {
        var library = TemplateLibrary.shipped
        library.override(.subject, with: "{{appName}}\n\nBcc: someone@example.com", origin: .shipped)
        let subject = try Fixture.render(Fixture.request(appName: "a\r\nb"), templates: library).subject
        #expect(!subject.contains("\n") && !subject.contains("\r"))
    }

    /// EmbeddedTemplates.swift is what scripts/embed_templates.py makes of templates/ today.
    @Test func theEmbeddedTemplatesMatchTheTemplatesFolder() throws {
        let folder = Fixture.repository.appendingPathComponent("templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(TemplateName.allCases.map(\.rawValue)))
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let name = String(file.dropLast(".mustache".count))
            #expect(EmbeddedTemplates.all[name] == text, "Sources/Templates/EmbeddedTemplates.swift is stale for \(file): run scripts/embed_templates.py")
        }
        let check = try Tool.run(Fixture.python, [Fixture.repository.appendingPathComponent("scripts/embed_templates.py").path, "--check"])
        #expect(check.status == 0, "\(check.output)")
    }
}
