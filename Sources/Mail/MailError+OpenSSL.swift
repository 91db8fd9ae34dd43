import OpenSSLSupport

extension MailError {
    /// `count` bytes from ``RandomBytes``; a failure is a ``ErrorCode/mailOpenSSL`` error with
    /// OpenSSL's messages as the cause.
    static func randomBytes(_ count: Int) throws(MailError) -> [UInt8] {
        do {
            return try RandomBytes.make(count)
        } catch {
            throw MailError(.mailOpenSSL, error.detail, cause: .openSSL(error.cause?.openSSLMessages ?? []))
        }
    }
}
