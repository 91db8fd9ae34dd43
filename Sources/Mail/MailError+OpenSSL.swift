import OpenSSLSupport

extension MailError {
    /// `count` bytes from ``RandomBytes``; a failure is a ``Code/openSSL`` error with
    /// OpenSSL's messages.
    static func randomBytes(_ count: Int) throws(MailError) -> [UInt8] {
        do {
            return try RandomBytes.make(count)
        } catch {
            throw MailError(.openSSL, error.detail, openSSLErrors: error.cause?.openSSLMessages ?? [])
        }
    }
}
