internal import COpenSSL
internal import COpenSSLShims

/// One TLS connection (an OpenSSL `SSL`) that another library owns: libESMTP hands it
/// over in its events and OpenSSL in its callbacks. Borrowed, never freed here.
package struct TLSConnection {
    private let ssl: OpaquePointer

    /// Wraps the `SSL *` a C callback passed on as an opaque pointer.
    package init(_ ssl: OpaquePointer) {
        self.ssl = ssl
    }

    /// The connection's socket, or a negative number when it has none.
    package var fileDescriptor: Int32 { SSL_get_fd(ssl) }

    /// The protocol version's name (`TLSv1.3`).
    package var version: String { String(cString: SSL_get_version(ssl)) }

    /// Whether the connection speaks TLS 1.3.
    package var isTLS13: Bool { SSL_version(ssl) == TLS1_3_VERSION }

    /// Whether OpenSSL's verification of the peer's certificate passed (`X509_V_OK`).
    package var peerVerified: Bool { SSL_get_verify_result(ssl) == X509_V_OK }

    /// Sets the server name the client sends (SNI); returns whether OpenSSL took it.
    @discardableResult
    package func setServerName(_ name: String) -> Bool { spc_ssl_set_tlsext_host_name(ssl, name) == 1 }

    /// What one `SSL_peek` of a byte found.
    package enum PeekResult: Sendable, Equatable {
        /// Application data is waiting.
        case data
        /// Nothing readable yet (records such as session tickets may have been processed).
        case wantRead
        /// Any other outcome: the connection closed or failed.
        case other
    }

    /// Peeks at one byte: processes the records that have arrived without consuming
    /// application data.
    package func peek() -> PeekResult {
        var byte: UInt8 = 0
        let count = SSL_peek(ssl, &byte, 1)
        if count > 0 { return .data }
        return SSL_get_error(ssl, count) == SSL_ERROR_WANT_READ ? .wantRead : .other
    }

    /// OpenSSL's text for a certificate verification result (`X509_verify_cert_error_string`).
    package static func verifyResultText(_ result: Int) -> String {
        String(cString: X509_verify_cert_error_string(result))
    }
}
