/// The module an ``ErrorCode`` belongs to.
public enum ErrorDomain: String, Sendable, CaseIterable {
    /// Files, folders, passwords and terminal input (`Common`).
    case common
    /// Keys, certificates and OpenSSL (`OpenSSLSupport`, `Certificates`).
    case certificates
    /// The encrypted store (`Vault`).
    case vault
    /// Microsoft Entra ID and SharePoint (`Entra`).
    case entra
    /// Writing and sending mail (`Mail`, `MIME`).
    case mail
    /// Reading an admin's reply (`Replies`).
    case replies
    /// Templates and the instructions rendered from them.
    case templates
    /// The use cases' own checks (`Workflow`).
    case workflow
    /// The command line's own refusals.
    case usage
}
