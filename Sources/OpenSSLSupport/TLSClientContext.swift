import COpenSSL
import Certificates
import CShims

/// One session's own `SSL_CTX`, owned and freed here.
///
/// libESMTP 1.1.0 frees its built-in context after the first session, so a second
/// STARTTLS session in the same process would use freed memory; every session therefore
/// gets a context of its own through `smtp_starttls_set_ctx`. libESMTP 1.1.0 does not take
/// a reference to a context it is given and does not free it (measured: an ex_data free
/// callback fires only at this object's `SSL_CTX_free`), so the session only borrows it;
/// ``SMTPSession`` keeps this object alive until `smtp_destroy_session` has run.
///
/// Settings: TLS 1.2 or later; SSL_VERIFY_PEER against the configured CA file or the
/// system store; the configured host pinned (`X509_VERIFY_PARAM_set1_host`, or
/// `set1_ip_asc` for an address); an info callback that sets SNI at handshake start.
final class TLSClientContext {
    let pointer: OpaquePointer

    init(settings: SMTPSettings, monitor: SMTPSessionMonitor) throws(MailError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw MailError(.openSSL, "cannot create a TLS context", openSSLErrors: OpenSSLErrorQueue.drain())
        }
        pointer = context
        guard spc_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              settings.tlsCeiling == .tls13 || spc_ssl_ctx_set_max_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw MailError(.openSSL, "cannot limit the TLS versions", openSSLErrors: OpenSSLErrorQueue.drain())
        }
        if let caFile = settings.caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw MailError(.caFileUnreadable, "cannot read trusted certificates from this file",
                                hint: "check [smtp] ca_file in config.toml: it must be a PEM file of CA certificates",
                                location: caFile, openSSLErrors: OpenSSLErrorQueue.drain())
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw MailError(.openSSL, "cannot load the system's trusted certificates", openSSLErrors: OpenSSLErrorQueue.drain())
            }
        }
        let parameters = SSL_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_hostflags(parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        let pinned = monitor.hostIsAddress
            ? X509_VERIFY_PARAM_set1_ip_asc(parameters, settings.host)
            : X509_VERIFY_PARAM_set1_host(parameters, settings.host, 0)
        guard pinned == 1 else {
            throw MailError(.openSSL, "cannot pin the server's name \(settings.host)", openSSLErrors: OpenSSLErrorQueue.drain())
        }
        SSL_CTX_set_ex_data(context, 0, Unmanaged.passUnretained(monitor).toOpaque())
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, { preverified, store in
            guard let monitor = TLSClientContext.monitor(store: store) else { return 0 }
            return monitor.verify(preverified: preverified, store: store)
        })
        SSL_CTX_set_info_callback(context, { ssl, kind, _ in
            guard let ssl, let context = SSL_get_SSL_CTX(ssl), let raw = SSL_CTX_get_ex_data(context, 0) else { return }
            let monitor = Unmanaged<SMTPSessionMonitor>.fromOpaque(raw).takeUnretainedValue()
            if kind & SSL_CB_HANDSHAKE_START != 0 { monitor.handshakeStarted(ssl) }
            if kind & SSL_CB_HANDSHAKE_DONE != 0 { monitor.handshakeFinished() }
        })
    }

    deinit { SSL_CTX_free(pointer) }


    /// The monitor of the session a certificate store context belongs to.
    private static func monitor(store: OpaquePointer?) -> SMTPSessionMonitor? {
        guard let store, let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let context = SSL_get_SSL_CTX(OpaquePointer(ssl)), let raw = SSL_CTX_get_ex_data(context, 0) else { return nil }
        return Unmanaged<SMTPSessionMonitor>.fromOpaque(raw).takeUnretainedValue()
    }
}
