#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CESMTP
internal import CESMTPShims
import OpenSSLSupport

/// One libESMTP session (`smtp_session_t`), owned and destroyed here.
///
/// It keeps alive everything libESMTP points into (the TLS context, the SASL context,
/// the monitor, the message sources) until `smtp_destroy_session` has run.
final class SMTPSession {
    /// A message added to the session, with libESMTP's handles for reading its status.
    struct Handle {
        let message: smtp_message_t
        let recipients: [(address: String, recipient: smtp_recipient_t)]
    }

    let pointer: smtp_session_t
    let monitor: SMTPSessionMonitor
    private let tls: TLSClientContext
    private var sasl: SASLClient?
    private var sources: [MessageSource] = []

    /// SIGPIPE would kill the process when a server closes mid-write; ignore it once.
    private static let pipeSignalIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    init(settings: SMTPSettings, monitor: SMTPSessionMonitor, tls: TLSClientContext) throws(MailError) {
        _ = Self.pipeSignalIgnored
        guard let session = smtp_create_session() else {
            throw MailError(.mailOpenSSL, "libESMTP cannot create a session")
        }
        pointer = session
        self.monitor = monitor
        self.tls = tls
        let context = Unmanaged.passUnretained(monitor).toOpaque()
        guard smtp_set_server(session, settings.server) != 0,
              smtp_starttls_enable(session, Starttls_REQUIRED) != 0,
              smtp_starttls_set_ctx(session, tls.pointer) != 0,
              smtp_option_require_all_recipients(session, 1) != 0,
              spc_smtp_set_eventcb(session, { event, argument, text, number, ok, ssl in
                  guard let argument else { return }
                  Unmanaged<SMTPSessionMonitor>.fromOpaque(argument).takeUnretainedValue()
                      .event(event, text: text, number: number, ok: ok, ssl: ssl)
              }, context) != 0,
              smtp_set_monitorcb(session, { buffer, length, writing, argument in
                  guard let argument, let buffer, length > 0 else { return }
                  Unmanaged<SMTPSessionMonitor>.fromOpaque(argument).takeUnretainedValue()
                      .observe(UnsafeRawBufferPointer(start: buffer, count: Int(length)), writing: writing)
              }, context, 0) != 0
        else {
            throw MailError(.invalidSettings, "libESMTP refused the session settings", location: settings.server)
        }
        // libESMTP's timeouts are in milliseconds; lift its RFC minimums (up to 10 minutes).
        // The greeting's leaves room, within the timeout, for the implicit-TLS probe.
        let milliseconds = settings.timeoutSeconds * 1000
        _ = smtp_set_timeout(session, Int32(Timeout_GREETING.rawValue) | Timeout_OVERRIDE_RFC2822_MINIMUM,
                             Self.greetingMilliseconds(for: settings))
        for which in [Timeout_ENVELOPE, Timeout_DATA, Timeout_TRANSFER, Timeout_DATA2] {
            _ = smtp_set_timeout(session, Int32(which.rawValue) | Timeout_OVERRIDE_RFC2822_MINIMUM, milliseconds)
        }
        if settings.username != nil {
            let client = try SASLClient(monitor: monitor)
            sasl = client
            _ = smtp_auth_set_context(session, client.pointer)
        }
    }

    /// How long the session waits for the server's greeting: `[smtp] timeout_seconds` less
    /// what ``ImplicitTLSProbe`` may take after a greeting that never came.
    static func greetingMilliseconds(for settings: SMTPSettings) -> Int {
        settings.timeoutSeconds * 1000 - ImplicitTLSProbe.budgetMilliseconds(for: settings)
    }

    deinit {
        smtp_destroy_session(pointer)
        monitor.wipeCredentials()
    }

    /// Adds a message with its envelope; libESMTP reads it through a callback.
    func add(_ message: EncodedMessage) throws(MailError) -> Handle {
        guard let handle = smtp_add_message(pointer) else {
            throw MailError(.mailOpenSSL, "libESMTP cannot add a message")
        }
        let source = MessageSource(message.bytes)
        sources.append(source)
        guard smtp_set_reverse_path(handle, message.envelopeFrom) != 0,
              smtp_set_messagecb(handle, { _, length, argument in
                  guard let argument else { return nil }
                  return Unmanaged<MessageSource>.fromOpaque(argument).takeUnretainedValue().next(length)
              }, Unmanaged.passUnretained(source).toOpaque()) != 0
        else {
            throw MailError(.invalidAddress, "libESMTP refused the sender", location: message.envelopeFrom)
        }
        _ = smtp_size_set_estimate(handle, UInt(message.bytes.count))
        var recipients: [(String, smtp_recipient_t)] = []
        for address in message.recipients {
            guard let recipient = smtp_add_recipient(handle, address) else {
                throw MailError(.invalidAddress, "libESMTP refused the recipient", location: address)
            }
            recipients.append((address, recipient))
        }
        return Handle(message: handle, recipients: recipients)
    }

    /// Runs the whole session once: connect, STARTTLS, AUTH, every message, QUIT.
    /// Returns libESMTP's error number (0 when it reported success).
    func run() -> Int32 {
        smtp_start_session(pointer) != 0 ? 0 : smtp_errno()
    }

    /// libESMTP's words for an error number ("no reply" for 0).
    static func errorText(_ errorNumber: Int32) -> String {
        guard errorNumber != 0 else { return "no reply" }
        var buffer = [CChar](repeating: 0, count: 256)
        guard let text = smtp_strerror(errorNumber, &buffer, buffer.count) else { return "libESMTP error \(errorNumber)" }
        return String(cString: text)
    }

    /// The replies libESMTP kept for a message: its sender's, each recipient's, the transfer's.
    static func status(of handle: Handle) -> SMTPMessageStatus {
        SMTPMessageStatus(sender: reply(smtp_reverse_path_status(handle.message)),
                          recipients: handle.recipients.map { ($0.address, reply(smtp_recipient_status($0.recipient))) },
                          final: reply(smtp_message_transfer_status(handle.message)))
    }

    /// A status as `(code, "550 5.1.1 text")`, or nil when the server never answered.
    static func reply(_ pointer: UnsafePointer<smtp_status_t>?) -> SMTPMessageStatus.Reply? {
        guard let status = pointer?.pointee, status.code > 0 else { return nil }
        var reply = "\(status.code)"
        if status.enh_class > 0 { reply += " \(status.enh_class).\(status.enh_subject).\(status.enh_detail)" }
        if let text = status.text {
            let cleaned = SMTPSessionMonitor.printable(String(cString: text))
            if !cleaned.isEmpty { reply += " " + cleaned }
        }
        return (Int(status.code), reply)
    }
}
