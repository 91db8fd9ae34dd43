import OpenSSLSupport

/// Sends messages to an SMTP submission server over TLS: through libESMTP (STARTTLS,
/// PLAIN or LOGIN with a password), or through libcurl (``CurlSMTPSession``: a bearer
/// token with XOAUTH2 or OAUTHBEARER, a mechanism named in the settings, or implicit
/// TLS), as ``SMTPSettings/engine`` says. Both end in the one ``SMTPOutcome``.
///
/// Each call runs one session and never sends a message twice. What spconnect adds to
/// libESMTP 1.1.0, each for a defect of that version measured here and shown by a test in
/// `Tests/MailTests`:
/// - a port that speaks implicit TLS (465) is named as such (`ImplicitTLSProbe`, run only
///   after a session that connected and never heard a greeting), not reported as a timeout
///   to try again later; the greeting's wait and the probe together stay within the timeout;
/// - every session has its own `SSL_CTX` (TLS 1.2 or later, peer verification on,
///   the configured host pinned, SNI set at handshake start);
/// - STARTTLS is `Starttls_REQUIRED`; a server that does not offer it, refuses it, or
///   injects replies before the handshake ends the session with nothing sent in clear;
/// - TLS 1.3 session tickets are read before EHLO (libESMTP can otherwise hang);
/// - AUTH PLAIN or LOGIN only over TLS; a failed AUTH stops the session before `MAIL FROM`;
/// - after `smtp_start_session` (which reports success even when nothing was delivered)
///   the sender's, every recipient's and the message's status are read; a refused
///   recipient is named, and then nothing is sent (all recipients or none).
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings

    /// Checks the settings; nothing is connected yet.
    public init(settings: SMTPSettings) throws(MailError) {
        try settings.validate()
        self.settings = settings
    }

    public func deliver(_ message: EncodedMessage) throws(MailError) -> DeliveryReceipt {
        let results = try deliverAll([message])
        return try results[0].get()
    }

    /// Sends several messages over one session, in order; one result per message.
    ///
    /// Throws only when the session cannot even be set up (for example an unreadable
    /// CA file); a failure during the session becomes the result of each message it
    /// kept from being delivered.
    public func deliverAll(_ messages: [EncodedMessage]) throws(MailError) -> [Result<DeliveryReceipt, MailError>] {
        guard !messages.isEmpty else { return [] }
        let monitor = SMTPSessionMonitor(settings: settings)
        let tls = try TLSClientContext(settings: settings, monitor: monitor)
        let results = switch settings.engine {
        case .libESMTP: try deliverWithLibESMTP(messages, monitor: monitor, tls: tls)
        case .libcurl: try deliverWithLibcurl(messages, monitor: monitor, tls: tls)
        }
        // No greeting came: an implicit-TLS port waits for a ClientHello, which the probe sends.
        if settings.security == .starttls, monitor.connected, !monitor.heardFromServer,
           results.allSatisfy({ if case .failure = $0 { true } else { false } }),
           ImplicitTLSProbe.speaksImplicitTLS(settings) {
            let error = MailError(.implicitTLS, "port \(settings.port) speaks implicit TLS (SMTPS), not SMTP with STARTTLS; nothing was sent",
                                  location: settings.server)
            return messages.map { _ in .failure(error) }
        }
        return results
    }

    /// One libESMTP session for all the messages.
    private func deliverWithLibESMTP(_ messages: [EncodedMessage], monitor: SMTPSessionMonitor,
                                     tls: TLSClientContext) throws(MailError) -> [Result<DeliveryReceipt, MailError>] {
        let session = try SMTPSession(settings: settings, monitor: monitor, tls: tls)
        var handles: [SMTPSession.Handle] = []
        for message in messages { handles.append(try session.add(message)) }
        let started = MonotonicClock.now()
        let errorNumber = session.run()
        let outcome = SMTPOutcome(settings: settings, monitor: monitor, libraryError: SMTPSession.errorText(errorNumber), started: started)
        return zip(messages, handles).map { message, handle in outcome.result(for: message, status: SMTPSession.status(of: handle)) }
    }

    /// One libcurl connection for all the messages, one transfer each; after a failed one,
    /// the rest are not tried (the failure is theirs too), as in a libESMTP session.
    private func deliverWithLibcurl(_ messages: [EncodedMessage], monitor: SMTPSessionMonitor,
                                    tls: TLSClientContext) throws(MailError) -> [Result<DeliveryReceipt, MailError>] {
        let session = try CurlSMTPSession(settings: settings, monitor: monitor, tls: tls)
        var results: [Result<DeliveryReceipt, MailError>] = []
        for message in messages {
            if case .failure(let error)? = results.last {
                results.append(.failure(error))
                continue
            }
            let started = MonotonicClock.now()
            let transfer = session.send(message)
            let outcome = SMTPOutcome(settings: settings, monitor: monitor, libraryError: transfer.errorText,
                                      libraryTimedOut: transfer.timedOut, started: started)
            results.append(outcome.result(for: message, status: transfer.status))
        }
        return results
    }
}
