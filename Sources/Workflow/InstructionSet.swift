/// Everything a request's email carries, rendered from the stored request: what the
/// `request` and `send` commands put into the message and `instructions` prints.
public struct InstructionSet: Sendable, Equatable {
    /// The email's Subject, one line, with the request ID.
    public var subject: String
    /// The text/plain body, wrapped at 78 columns except URLs and the reply block.
    public var text: String
    /// The text/html body: one self-contained page, no script, no external resource.
    public var html: String
    /// `register-app.ps1`: Microsoft Graph PowerShell SDK.
    public var powershell: String
    /// `register-app.sh`: Azure CLI.
    public var azureCLI: String
    /// The keyCredential JSON: Graph's `keyCredential`.
    public var manifest: String
    /// The public certificate, DER (the email attaches ``certificatePEM``).
    public var certificateDER: [UInt8]
    /// The public certificate, PEM, as the email attaches it.
    public var certificatePEM: [UInt8]

    /// The certificate attachment's name: `<app>-<request>.pem`.
    public var certificateFileName: String
    /// The name the admin saves the PowerShell script as: `register-app-<request>.ps1`.
    public var powershellFileName: String
    /// The PowerShell script attachment's name: ``powershellFileName`` with `.txt` added, since
    /// `.ps1` is on Outlook's default blocked list.
    public var powershellAttachmentName: String { powershellFileName + ".txt" }
    /// The PowerShell script as a file: UTF-8 with a byte order mark, which Windows PowerShell 5.1
    /// needs to read a script as UTF-8 rather than in the ANSI code page.
    public var powershellFileBytes: [UInt8] { [0xEF, 0xBB, 0xBF] + Array(powershell.utf8) }
    /// The Azure CLI script attachment's name: `register-app-<request>.sh`.
    public var azureCLIFileName: String
    /// The keyCredential JSON attachment's name: `keycredential-<request>.json`.
    public var manifestFileName: String

    /// One part, by the name `instructions --format` uses.
    public func part(_ format: Format) -> String {
        switch format {
        case .text: text
        case .html: html
        case .powershell: powershell
        case .azcli: azureCLI
        case .manifest: manifest
        }
    }

    /// The parts `instructions --format` prints (`eml` is the Mail module's).
    public enum Format: String, CaseIterable, Sendable {
        /// ``InstructionSet/text``.
        case text
        /// ``InstructionSet/html``.
        case html
        /// ``InstructionSet/powershell``.
        case powershell
        /// ``InstructionSet/azureCLI``.
        case azcli
        /// ``InstructionSet/manifest``.
        case manifest
    }
}
