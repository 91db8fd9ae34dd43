import Common

/// Turns what a finished session reports into a receipt or a classified error, for either
/// library that ran it (libESMTP or libcurl, ``SMTPSettings/engine``).
///
/// libESMTP's `smtp_start_session` returns success even when nothing was delivered, and
/// libcurl reports one code for a whole transfer, so the verdict comes from the replies
/// to each message's commands (``SMTPMessageStatus``), from the events and from the
/// dialogue the monitor saw. 4xx replies, timeouts and dropped connections are
/// temporary; 5xx replies, refused certificates and refused logins are permanent.
struct SMTPOutcome {
    let settings: SMTPSettings
    let monitor: SMTPSessionMonitor
    /// The library's own words for how the session ended ("no reply" when it reported none).
    let libraryError: String
    /// Whether the library said it timed out; nil when it cannot tell a timeout from a
    /// drop (libESMTP), and the waits the monitor measured decide.
    var libraryTimedOut: Bool? = nil
    let started: UInt64

    func result(for message: EncodedMessage, status: SMTPMessageStatus) -> Result<DeliveryReceipt, MailError> {
        let transcript = monitor.transcript
        if let failure = sessionFailure() {
            return .failure(failure.with { $0.transcript = transcript })
        }
        if let sender = status.sender, sender.code == 530 {
            return .failure(authenticationRequired(reply: sender.reply, transcript: transcript))
        }
        if let sender = status.sender, sender.code >= 400 {
            return .failure(MailError(.senderRejected, "the server refused the sender \(message.envelopeFrom)",
                                      location: settings.server, facts: ErrorFacts(isTemporary: sender.code < 500, serverReply: sender.reply,
                                      transcript: transcript)))
        }
        var rejected: [RefusedRecipient] = []
        var accepted: [String] = []
        for (address, reply) in status.recipients {
            if let status = reply, (200..<300).contains(status.code) {
                accepted.append(address)
            } else if let status = reply, status.code >= 400 {
                rejected.append(RefusedRecipient(address: address, code: status.code, reply: status.reply))
            }
        }
        if !rejected.isEmpty, rejected.allSatisfy({ $0.code == 530 }) {
            return .failure(authenticationRequired(reply: rejected[0].reply, transcript: transcript))
        }
        if !rejected.isEmpty {
            let temporary = rejected.allSatisfy(\.isTemporary)
            let names = rejected.map(\.address).joined(separator: ", ")
            return .failure(MailError(.recipientRejected,
                                      "the server refused \(rejected.count == 1 ? "the recipient" : "the recipients") \(names); nothing was sent",
                                      location: settings.server, facts: ErrorFacts(isTemporary: temporary, serverReply: rejected[0].reply,
                                      refusedRecipients: rejected, transcript: transcript)))
        }
        let final = status.final
        if let final, (200..<300).contains(final.code) {
            return .success(DeliveryReceipt(messageID: message.messageID, destination: .smtp(server: settings.server),
                                            serverReply: final.reply, acceptedRecipients: accepted, transcript: transcript))
        }
        if let final, final.code >= 400 {
            let temporary = final.code < 500
            return .failure(MailError(.messageRejected, "the server did not accept the message",
                                      location: settings.server, facts: ErrorFacts(isTemporary: temporary, serverReply: final.reply, transcript: transcript)))
        }
        return .failure(interrupted(transcript: transcript))
    }

    /// 530 after STARTTLS: the server sends only for a signed-in client (RFC 4954 §6,
    /// "530 5.7.0 Authentication required"; Exchange Online's 5.7.57), whatever the sender.
    private func authenticationRequired(reply: String, transcript: [String]) -> MailError {
        var values = [ErrorFact.username: settings.username].compactMapValues { $0 }
        if let code = Self.enhancedCode(reply) { values[.enhancedCode] = code }
        if settings.username != nil { values[.credential] = settings.signsInWithToken ? "token" : "password" }
        return MailError(.authenticationRequired, "the server accepts mail only after a login; nothing was sent",
                         location: settings.server,
                         facts: ErrorFacts(serverReply: reply, transcript: transcript, values: values))
    }

    /// A failure of the whole session, before any message could be sent.
    private func sessionFailure() -> MailError? {
        let server = settings.server
        if let abort = monitor.abort {
            switch abort {
            case .responseInjection, .unsolicitedData:
                return MailError(.responseInjection,
                                 "the server sent data it was not asked for around STARTTLS (possible response injection); the session was stopped",
                                 location: server)
            case .authenticationFailed(let reply):
                let temporary = reply.map { $0.hasPrefix("4") } ?? false
                return MailError(.authenticationFailed, "the server refused the login \(settings.username ?? ""); nothing was sent",
                                 location: server, facts: ErrorFacts(isTemporary: temporary, serverReply: reply, values: loginFacts(reply: reply)))
            case .authenticationUnavailable:
                let names = settings.mechanisms.joined(separator: " or ")
                let offered = monitor.offeredMechanisms.isEmpty ? "none" : monitor.offeredMechanisms.joined(separator: " ")
                return MailError(.authenticationUnavailable,
                                 "the server offers no login spconnect may use over TLS (AUTH \(names); offered: \(offered)); nothing was sent",
                                 location: server, facts: ErrorFacts(values: loginFacts(reply: nil)))
            case .plaintextCommand:
                return MailError(.starttlsUnavailable, "the session tried to continue without TLS; it was stopped", location: server)
            }
        }
        if !monitor.tlsEstablished {
            if !monitor.connected {
                return MailError(.connectFailed, "cannot connect: \(libraryError)",
                                 location: server, facts: ErrorFacts(isTemporary: true))
            }
            if let problem = monitor.certificateProblem {
                return MailError(.certificateRejected, "the server's certificate was refused: \(problem)",
                                 location: server)
            }
            if monitor.starttlsMissing {
                return MailError(.starttlsUnavailable, "the server does not offer STARTTLS; nothing was sent",
                                 location: server, facts: ErrorFacts(values: [.mailCheck: "starttlsMissing"]))
            }
            if let reply = monitor.starttlsReply, reply.code >= 400 {
                return MailError(.starttlsRefused, "the server refused STARTTLS; nothing was sent",
                                 location: server, facts: ErrorFacts(isTemporary: reply.code < 500, serverReply: "\(reply.code) \(reply.text)"))
            }
            if monitor.starttlsSent || settings.security == .tls {
                let plain = settings.security == .tls && monitor.heardFromServer && libraryError.contains("wrong version number")
                return MailError(.tlsHandshakeFailed, "the TLS handshake failed (\(libraryError)); nothing was sent",
                                 location: server, facts: ErrorFacts(values: plain ? [.mailCheck: "plainPort"] : [:]))
            }
            if let reply = monitor.firstFailure {
                let temporary = reply.code < 500
                return MailError(temporary ? .serverUnavailable : .protocolError, "the server refused the session; nothing was sent",
                                 location: server, facts: ErrorFacts(isTemporary: temporary, serverReply: "\(reply.code) \(reply.text)",
                                                                      values: [.mailCheck: "session"]))
            }
            return interrupted(transcript: [])
        }
        return nil
    }

    /// The session ended without a final reply for the message: a drop or a timeout.
    private func interrupted(transcript: [String]) -> MailError {
        monitor.noteActivity()
        let idle = Double(monitor.longestWait) / 1e9
        if let reply = monitor.firstFailure {
            let temporary = reply.code < 500
            return MailError(temporary ? .serverUnavailable : .protocolError, "the server ended the session; the message was not sent",
                             location: settings.server, facts: ErrorFacts(isTemporary: temporary, serverReply: "\(reply.code) \(reply.text)",
                             transcript: transcript))
        }
        // Before the greeting, the session waits a little less than the timeout (see SMTPSession).
        let limit = monitor.heardFromServer ? Double(settings.timeoutSeconds) : Double(SMTPSession.greetingMilliseconds(for: settings)) / 1000
        if libraryTimedOut ?? (idle >= limit * 0.9) {
            return MailError(.timedOut, "the server did not answer within \(settings.timeoutSeconds) s; the message was not sent",
                             location: settings.server, facts: ErrorFacts(isTemporary: true, transcript: transcript))
        }
        return MailError(.connectionDropped, "the connection dropped before the server accepted the message (\(libraryError))",
                         location: settings.server, facts: ErrorFacts(isTemporary: true, transcript: transcript))
    }

    /// The facts of a refused or impossible login: how the session signed in (`password`
    /// or `token`), the mechanism, and the enhanced status code of the server's reply
    /// (`5.7.139`, RFC 3463), from which a hint tells Exchange's and Gmail's refusals apart.
    private func loginFacts(reply: String?) -> [ErrorFact: String] {
        var values: [ErrorFact: String] = [.credential: settings.signsInWithToken ? "token" : "password",
                                           .mechanism: monitor.usedMechanism ?? settings.mechanisms.joined(separator: ",")]
        if let reply, let code = Self.enhancedCode(reply) { values[.enhancedCode] = code }
        return values
    }

    /// The enhanced status code after a reply's code (`535 5.7.139 text` gives `5.7.139`).
    static func enhancedCode(_ reply: String) -> String? {
        let words = reply.split(separator: " ", maxSplits: 2)
        guard words.count >= 2 else { return nil }
        let parts = words[1].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(words[1])
    }
}
