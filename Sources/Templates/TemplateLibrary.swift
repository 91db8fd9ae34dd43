#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Common
import Mustache

/// The instruction templates (``TemplateName``): the ones shipped inside spconnect, each overridable by a file
/// `NAME.mustache` in the user's folder (`$SPCONNECT_HOME/templates/` or `--templates DIR`).
///
/// The shipped templates live in the repository's top-level `templates/` folder and are
/// compiled into the binary (`scripts/embed_templates.py` writes `EmbeddedTemplates.swift`;
/// a test fails when that file is stale), so an installed binary needs no resource bundle.
public struct TemplateLibrary: Sendable {
    /// Where a template's text came from.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// Shipped with spconnect.
        case shipped
        /// A user's file.
        case file(String)

        public var description: String {
            switch self {
            case .shipped: "shipped with spconnect"
            case .file(let path): path
            }
        }
    }

    /// Each template's text and origin: every ``TemplateName`` has one.
    public private(set) var sources: [TemplateName: (text: String, origin: Origin)]

    /// Only the shipped templates.
    public static var shipped: TemplateLibrary {
        var sources: [TemplateName: (text: String, origin: Origin)] = [:]
        for name in TemplateName.allCases {
            sources[name] = (EmbeddedTemplates.all[name.rawValue] ?? "", .shipped)
        }
        return TemplateLibrary(sources: sources)
    }

    init(sources: [TemplateName: (text: String, origin: Origin)]) {
        self.sources = sources
    }

    /// The text and origin of the template `name`.
    public func source(_ name: TemplateName) -> (text: String, origin: Origin) {
        sources[name] ?? ("", .shipped)
    }

    /// The shipped templates with every `NAME.mustache` in `folder` in place of its namesake.
    ///
    /// - Parameters:
    ///   - folder: the user's templates folder.
    ///   - required: whether the folder must exist (`--templates DIR` given explicitly);
    ///     the default `$SPCONNECT_HOME/templates/` may be absent.
    /// - Throws: ``ErrorCode/unknownTemplate`` for a file whose name is not a
    ///   template's (a typo would otherwise be silently ignored), ``ErrorCode/templateUnreadable``.
    public init(overridesIn folder: String?, required: Bool) throws(TemplatesError) {
        self = .shipped
        guard let folder else { return }
        guard FileManager.default.fileExists(atPath: folder) else {
            if required {
                throw TemplatesError(.templateUnreadable, "the templates folder \(folder) does not exist",
                                    facts: ErrorFacts(values: [.problem: "missing", .path: folder]))
            }
            return
        }
        let type = (try? FileManager.default.attributesOfItem(atPath: folder))?[.type] as? FileAttributeType
        guard type == .typeDirectory else {
            throw TemplatesError(.templateUnreadable, "\(folder) is not a folder",
                                facts: ErrorFacts(values: [.problem: "notFolder", .path: folder]))
        }
        // A template becomes the script the admin runs: the folder and every file in it
        // must be the user's and writable by no one else.
        do {
            try FileTrust.checkFolder(folder)
        } catch {
            throw TemplatesError(.templateUnreadable, error.reason, cause: .wrapping(error))
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw TemplatesError(.templateUnreadable, "cannot list the templates folder \(folder)")
        }
        for entry in entries.sorted() where entry.hasSuffix("." + TemplateName.fileExtension) {
            let stem = String(entry.dropLast(TemplateName.fileExtension.count + 1))
            let path = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
            guard let name = TemplateName(rawValue: stem) else {
                throw TemplatesError(.unknownTemplate, "\(path): \(stem) is not a template name",
                                    facts: ErrorFacts(values: [.problem: "file", .known: TemplateName.allCases.map(\.fileName).joined(separator: ", ")]))
            }
            let read: [UInt8]?
            do {
                read = try FileBytes.readTrusted(path, limit: 1 << 20)
            } catch {
                throw TemplatesError(.templateUnreadable, "cannot use the template \(path): \(error.detail)", cause: .wrapping(error))
            }
            guard let bytes = read else { continue }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw TemplatesError(.templateUnreadable, "the template \(path) is not UTF-8 text")
            }
            sources[name] = (text, .file(path))
        }
    }

    /// Replaces one template's text, as a user's file would.
    public mutating func override(_ name: TemplateName, with text: String, origin: Origin) {
        sources[name] = (text, origin)
    }

    /// Renders the template `name` with `values`, after checking every name it uses.
    ///
    /// The HTML template is HTML-escaped by Mustache; every other one is rendered as plain text.
    public func render(_ name: TemplateName, values: [String: TemplateValue]) throws(TemplatesError) -> String {
        let (text, origin) = source(name)
        let isHTML = name == .html
        try TemplateChecker(templateName: name.rawValue, origin: origin.description, isHTML: isHTML).check(text, values: values)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: (isHTML ? "{{%CONTENT_TYPE: HTML}}\n" : "{{%CONTENT_TYPE: TEXT}}\n") + text)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplatesError(.templateSyntax, "template \(name) (\(origin)), line \(max(1, error.context.lineNumber - 1)): \(error.error)")
        } catch {
            throw TemplatesError(.templateSyntax, "template \(name) (\(origin)): \(error)")
        }
        return template.render(values.mapValues(\.mustacheValue))
    }
}
