internal import COpenSSL
internal import COpenSSLShims

/// One session's own `SSL_CTX`, owned and freed here.
///
/// libESMTP 1.1.0 frees its built-in context after the first session, so a second
/// STARTTLS session in the same process would use freed memory; every session therefore
/// gets a context of its own through `smtp_starttls_set_ctx`. libESMTP 1.1.0 does not take
/// a reference to a context it is given and does not free it (measured: an ex_data free
/// callback fires only at this object's `SSL_CTX_free`), so the session only borrows it;
/// Mail's `SMTPSession` keeps this object alive until `smtp_destroy_session` has run.
///
/// Settings: TLS 1.2 or later; SSL_VERIFY_PEER against the configured CA file or the
/// system store; the configured host pinned (`X509_VERIFY_PARAM_set1_host`, or
/// `set1_ip_asc` for an address); an info callback that tells the ``TLSHandshakeObserver``
/// when a handshake starts (where it sets SNI) and ends.
package final class TLSClientContext {
    /// The `SSL_CTX`, for the library that runs the connection (libESMTP).
    package let pointer: OpaquePointer
    private let observer: any TLSHandshakeObserver
    private let allowTLS13: Bool

    /// Makes the context.
    ///
    /// - Parameters:
    ///   - host: the server's name or address, pinned for the certificate check.
    ///   - hostIsAddress: whether `host` is an IP address (pinned as one).
    ///   - allowTLS13: whether TLS 1.3 may be used; TLS 1.2 is the ceiling otherwise.
    ///   - caFile: a PEM file of trusted CA certificates, or nil for the system's store.
    ///   - observer: told about handshakes and each certificate's verification; kept alive
    ///     by this context.
    /// - Throws: ``ErrorCode/unreadable`` (located at `caFile`) when the CA file
    ///   cannot be read; ``ErrorCode/openSSL`` for any other failure. Both carry
    ///   OpenSSL's messages.
    package init(host: String, hostIsAddress: Bool, allowTLS13: Bool, caFile: String?,
                 observer: any TLSHandshakeObserver) throws(CertificateError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .openSSL("cannot create a TLS context")
        }
        pointer = context
        self.observer = observer
        self.allowTLS13 = allowTLS13
        guard spc_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              allowTLS13 || spc_ssl_ctx_set_max_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw .openSSL("cannot limit the TLS versions")
        }
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw .openSSL("cannot read trusted certificates from this file", code: .unreadable, location: caFile)
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw .openSSL("cannot load the system's trusted certificates")
            }
        }
        let parameters = SSL_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_hostflags(parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        let pinned = hostIsAddress
            ? X509_VERIFY_PARAM_set1_ip_asc(parameters, host)
            : X509_VERIFY_PARAM_set1_host(parameters, host, 0)
        guard pinned == 1 else {
            throw .openSSL("cannot pin the server's name \(host)")
        }
        attachCallbacks(to: context)
    }

    /// Gives `foreign`, an `SSL_CTX` another library made for its connection (libcurl's,
    /// handed over by `CURLOPT_SSL_CTX_FUNCTION` before each handshake), the settings of
    /// this context: the same TLS versions, the same trust store (the CA file or the
    /// system's), the same pinned host, and the same verify and info callbacks reporting
    /// to this context's observer. This context must outlive every connection of `foreign`.
    ///
    /// - Returns: whether every setting took; false leaves the handshake to be refused.
    package func configure(foreign: UnsafeMutableRawPointer) -> Bool {
        let context = OpaquePointer(foreign)
        guard spc_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              allowTLS13 || spc_ssl_ctx_set_max_proto_version(context, TLS1_2_VERSION) == 1,
              let store = SSL_CTX_get_cert_store(pointer),
              SSL_CTX_set1_param(context, SSL_CTX_get0_param(pointer)) == 1 else {
            OpenSSLErrorQueue.clear()
            return false
        }
        SSL_CTX_set1_cert_store(context, store)
        attachCallbacks(to: context)
        return true
    }

    /// Points `context`'s verify and info callbacks at this context's observer.
    private func attachCallbacks(to context: OpaquePointer) {
        SSL_CTX_set_ex_data(context, 0, Unmanaged.passUnretained(self).toOpaque())
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, { preverified, store in
            guard let store, let observer = TLSClientContext.observer(store: store) else { return 0 }
            let problem = String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(store))))
            let depth = Int(X509_STORE_CTX_get_error_depth(store))
            return observer.verify(preverified: preverified == 1, problem: problem, depth: depth) ? 1 : 0
        })
        SSL_CTX_set_info_callback(context, { ssl, kind, _ in
            guard let ssl, let observer = TLSClientContext.observer(ssl: ssl) else { return }
            if kind & SSL_CB_HANDSHAKE_START != 0 { observer.handshakeStarted(TLSConnection(ssl)) }
            if kind & SSL_CB_HANDSHAKE_DONE != 0 { observer.handshakeFinished() }
        })
    }

    deinit { SSL_CTX_free(pointer) }

    /// The observer of the context a connection belongs to.
    private static func observer(ssl: OpaquePointer) -> (any TLSHandshakeObserver)? {
        guard let context = SSL_get_SSL_CTX(ssl), let raw = SSL_CTX_get_ex_data(context, 0) else { return nil }
        return Unmanaged<TLSClientContext>.fromOpaque(raw).takeUnretainedValue().observer
    }

    /// The observer of the session a certificate store context belongs to.
    private static func observer(store: OpaquePointer) -> (any TLSHandshakeObserver)? {
        guard let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()) else { return nil }
        return observer(ssl: OpaquePointer(ssl))
    }
}
