import OpenSSLSupport

extension TLSClientContext {
    /// The context of one SMTP session: the settings' host pinned, their CA file (or the
    /// system's store) trusted, TLS 1.3 unless the settings cap it at 1.2, and `monitor`
    /// told about the handshake.
    ///
    /// - Throws: ``MailError/Code/caFileUnreadable`` for a CA file OpenSSL cannot read,
    ///   ``MailError/Code/openSSL`` for any other failure; both with OpenSSL's messages.
    convenience init(settings: SMTPSettings, monitor: SMTPSessionMonitor) throws(MailError) {
        do {
            try self.init(host: settings.host, hostIsAddress: monitor.hostIsAddress, allowTLS13: settings.tlsCeiling == .tls13,
                          caFile: settings.caFile, observer: monitor)
        } catch where error.code == .unreadable {
            throw MailError(.caFileUnreadable, error.detail,
                            hint: "check [smtp] ca_file in config.toml: it must be a PEM file of CA certificates",
                            location: error.location, openSSLErrors: error.cause?.openSSLMessages ?? [])
        } catch {
            throw MailError(.openSSL, error.detail, openSSLErrors: error.cause?.openSSLMessages ?? [])
        }
    }
}
