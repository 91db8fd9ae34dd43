import Common
import MIME

/// A file attached to a message, sent base64-encoded so its bytes arrive unchanged.
public struct MailAttachment: Sendable, Hashable {
    /// The name the recipient sees, such as `contoso-reports-SPC-7K3D-Q9XA.cer`.
    public let fileName: String
    /// The media type, such as `application/pkix-cert` or `text/plain`.
    public let mediaType: String
    /// The `charset` parameter for text types, such as `utf-8`.
    public let charset: String?
    /// The file's bytes.
    public let bytes: [UInt8]

    /// The longest file name accepted, in characters.
    public static let maximumFileNameLength = 200

    /// Checks the name (one line, no path separators) and the media type.
    public init(fileName: String, mediaType: String, charset: String? = nil, bytes: [UInt8]) throws(MailError) {
        let field = "attachment \(ASCII.isPrintable(fileName) ? fileName : "name")"
        try HeaderText.refuseControls(fileName, field: "attachment file name")
        guard !fileName.isEmpty, fileName != ".", fileName != "..", !fileName.contains("/"), !fileName.contains("\\") else {
            throw MailError(.invalidAttachment, "'\(fileName)' is not a file name (empty, a dot name, or a path)",
                            location: "attachment file name", facts: ErrorFacts(values: [.mailCheck: "fileName"]))
        }
        guard fileName.first != " ", fileName.last != " " else {
            throw MailError(.invalidAttachment, "'\(fileName)' starts or ends with a space", location: "attachment file name")
        }
        guard fileName.count <= Self.maximumFileNameLength else {
            throw MailError(.tooLong, "the attachment's file name is longer than \(Self.maximumFileNameLength) characters",
                            location: "attachment file name")
        }
        let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 64 && $0.utf8.allSatisfy(MIMEParameter.isToken) }) else {
            throw MailError(.invalidAttachment, "'\(mediaType)' is not a media type such as application/pkix-cert", location: field)
        }
        if let charset {
            guard !charset.isEmpty, charset.utf8.count <= 40, charset.utf8.allSatisfy(MIMEParameter.isToken) else {
                throw MailError(.invalidAttachment, "'\(charset)' is not a charset name such as utf-8", location: field)
            }
        }
        self.fileName = fileName
        self.mediaType = mediaType.lowercased()
        self.charset = charset?.lowercased()
        self.bytes = bytes
    }
}
