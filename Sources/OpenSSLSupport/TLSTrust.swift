internal import COpenSSL

/// Extra trusted certificates for a TLS context another library made (libcurl's).
package enum TLSTrust {
    /// Adds the CA certificates of the PEM file at `path` to the trust store of `context`,
    /// an OpenSSL `SSL_CTX` passed on as an opaque pointer (libcurl's
    /// `CURLOPT_SSL_CTX_FUNCTION` hands it over so).
    ///
    /// - Returns: whether the file was loaded; on failure OpenSSL's error queue is emptied.
    package static func addCertificates(fromFile path: UnsafePointer<CChar>, to context: UnsafeMutableRawPointer) -> Bool {
        guard let store = SSL_CTX_get_cert_store(OpaquePointer(context)), X509_STORE_load_file(store, path) == 1 else {
            OpenSSLErrorQueue.clear()
            return false
        }
        return true
    }
}
