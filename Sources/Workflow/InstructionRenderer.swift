import OpenSSLSupport
import Vault
import Templates

/// The `instructions` use case: renders every part of a request's email from the stored
/// request, its certificate and the templates. The `request` and `send` commands call
/// `render(request:certificate:templates:)` and hand the result to the Mail module.
public enum InstructionRenderer {
    /// Renders all parts.
    ///
    /// - Throws: ``WorkflowError`` naming the template and the variable when a template
    ///   names something the instructions do not provide, or when the request no longer parses.
    package static func render(request: RequestRecord, certificate: X509Certificate, templates: TemplateLibrary) throws(WorkflowError) -> InstructionSet {
        let context = try InstructionValues(request: request, certificate: certificate)
        let values = context.values
        let subject = try templates.render(.subject, values: values)
            .split(whereSeparator: { $0.isNewline || $0 == "\t" }).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !subject.isEmpty else {
            throw WorkflowError(.templateSyntax, "template subject (\(templates.source(.subject).origin)) renders an empty subject")
        }
        return InstructionSet(
            subject: subject,
            text: PlainTextWrapper.wrap(try templates.render(.text, values: values)),
            html: try templates.render(.html, values: values),
            powershell: try templates.render(.registerAppPowerShell, values: values),
            azureCLI: try templates.render(.registerAppAzureCLI, values: values),
            manifest: try templates.render(.keyCredential, values: values),
            certificateDER: certificate.der,
            certificatePEM: certificate.pem,
            certificateFileName: context.certificateFileName,
            powershellFileName: context.powershellFileName,
            azureCLIFileName: context.azureCLIFileName,
            manifestFileName: context.manifestFileName
        )
    }
}
