/// The block the admin fills in and sends back (README.md, "Importing the admin's reply").
///
/// Its markers and its labels (``ReplyField/label``) are defined here once: the request
/// email and the scripts write them, and `import` reads the same words.
public enum ReplyBlock {
    /// The words that name the block in both markers.
    public static let name = "SPCONNECT REPLY"
    /// The word before ``name`` in the first line.
    public static let beginWord = "BEGIN"
    /// The word before ``name`` in the last line.
    public static let endWord = "END"
    /// The block's first line: `----- BEGIN SPCONNECT REPLY -----`.
    public static let beginMarker = "----- \(beginWord) \(name) -----"
    /// The block's last line: `----- END SPCONNECT REPLY -----`.
    public static let endMarker = "----- \(endWord) \(name) -----"

    /// The block for `requestID` with the given values (empty for the admin to fill in).
    public static func text(requestID: String, tenantID: String = "", clientID: String = "", objectID: String = "",
                            thumbprint: String = "") -> String {
        let values: [ReplyField: String] = [.request: requestID, .tenantID: tenantID, .clientID: clientID,
                                            .objectID: objectID, .thumbprint: thumbprint]
        return ([beginMarker] + ReplyField.allCases.map { "\($0.label): \(values[$0] ?? "")" } + [endMarker]).joined(separator: "\n")
    }
}
