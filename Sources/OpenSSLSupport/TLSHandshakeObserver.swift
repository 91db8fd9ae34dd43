/// What a ``TLSClientContext`` tells the code that runs its connections.
///
/// The calls come from OpenSSL's callbacks, on the thread that runs the handshake.
package protocol TLSHandshakeObserver: AnyObject {
    /// A handshake starts on `connection` (the moment to set SNI and socket options).
    func handshakeStarted(_ connection: TLSConnection)
    /// A handshake ended; on a TLS 1.3 connection, later calls are session tickets.
    func handshakeFinished()
    /// OpenSSL's verdict on one certificate of the server's chain.
    ///
    /// - Parameters:
    ///   - preverified: whether OpenSSL's own checks passed for this certificate.
    ///   - problem: OpenSSL's text for the check's result (`ok` when it passed).
    ///   - depth: the certificate's place in the chain, 0 for the server's own.
    /// - Returns: whether the handshake may go on.
    func verify(preverified: Bool, problem: String, depth: Int) -> Bool
}
