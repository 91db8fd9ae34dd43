import OpenSSLSupport

extension TLSClientContext {
    /// The context of one SMTP session: the settings' host pinned, their CA file (or the
    /// system's store) trusted, TLS 1.3 unless the settings cap it at 1.2, and `monitor`
    /// told about the handshake.
    ///
    /// - Throws: ``ErrorCode/mailCAFileUnreadable`` for a CA file OpenSSL cannot read,
    ///   ``ErrorCode/mailOpenSSL`` for any other failure; both with OpenSSL's messages as the cause.
    convenience init(settings: SMTPSettings, monitor: SMTPSessionMonitor) throws(MailError) {
        do {
            try self.init(host: settings.host, hostIsAddress: monitor.hostIsAddress, allowTLS13: settings.tlsCeiling == .tls13,
                          caFile: settings.caFile, observer: monitor)
        } catch where error.code == .unreadable {
            throw MailError(.mailCAFileUnreadable, error.detail, location: error.location, cause: .openSSL(error.cause?.openSSLMessages ?? []))
        } catch {
            throw MailError(.mailOpenSSL, error.detail, cause: .openSSL(error.cause?.openSSLMessages ?? []))
        }
    }
}
