#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CCurl
internal import CCurlShims
import Common
import OpenSSLSupport

/// One SMTP session through libcurl (an easy handle, owned and cleaned up here): the
/// engine for what libESMTP 1.1 cannot do, a bearer token (XOAUTH2, OAUTHBEARER) and
/// implicit TLS, and for a mechanism named in `[smtp] auth`.
///
/// The guards are those of the libESMTP session, made with libcurl's means:
/// - TLS is required (`CURLUSESSL_ALL` for STARTTLS, `smtps://` for implicit TLS), 1.2 or
///   later; libcurl's `SSL_CTX` gets the settings' ``TLSClientContext`` (the same trust
///   store, pinned host, verify and info callbacks, so the same certificate checks and
///   SNI; libcurl checks the name too);
/// - every command and reply passes through ``SMTPSessionMonitor`` (libcurl's debug
///   callback, which never shows the message's data): the same transcript with AUTH
///   lines redacted, and the session stopped at the end of an EHLO reply inside TLS that
///   offers none of the allowed mechanisms (libcurl would go on to `MAIL FROM` unsigned);
/// - every recipient is tried (`CURLOPT_MAIL_RCPT_ALLOWFAILS`, so each refusal is named)
///   and when one is refused the transfer is aborted before any byte of the message:
///   all recipients or none, as with libESMTP;
/// - the replies to `MAIL FROM`, each `RCPT TO` and the data make the same
///   ``SMTPMessageStatus`` libESMTP's statuses make, for the one ``SMTPOutcome``;
/// - no proxy (libcurl would honour `all_proxy` for SMTP; libESMTP never did).
///
/// The password or token is handed to libcurl from a wiped copy; libcurl keeps its own
/// copy until `curl_easy_cleanup` and frees it unwiped (libcurl has no option to wipe it).
final class CurlSMTPSession {
    /// What one `curl_easy_perform` did.
    struct Transfer {
        let code: Int32
        let status: SMTPMessageStatus
        let errorText: String
        var timedOut: Bool { code == Int32(CURLE_OPERATION_TIMEDOUT.rawValue) }
    }

    /// `curl_global_init` once per process (reference-counted by libcurl; Entra calls it too).
    private static let globalInit: Int32 = {
        signal(SIGPIPE, SIG_IGN)
        return Int32(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)
    }()

    let settings: SMTPSettings
    let monitor: SMTPSessionMonitor
    private let tls: TLSClientContext
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var dialogue = Dialogue(recipients: [])
    private var body: [UInt8] = []
    private var offset = 0

    init(settings: SMTPSettings, monitor: SMTPSessionMonitor, tls: TLSClientContext) throws(MailError) {
        guard Self.globalInit == 0, let handle = curl_easy_init() else {
            throw MailError(.mailOpenSSL, "libcurl cannot start an SMTP session")
        }
        self.settings = settings
        self.monitor = monitor
        self.tls = tls
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        monitor.tlsFromHandshake = true
        if settings.username != nil { monitor.requiredMechanisms = settings.mechanisms }
        guard configure() else {
            throw MailError(.invalidSettings, "libcurl refused the session settings (libcurl \(Self.version); 7.69 or later is needed)",
                            location: settings.server)
        }
    }

    deinit {
        // Sends QUIT on a connection still open, then frees everything libcurl holds.
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    static var version: String {
        guard let text = curl_version() else { return "?" }
        return String(cString: text)
    }

    /// The URL libcurl connects to: the scheme says how TLS starts; the path is the EHLO name.
    var url: String {
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        return (settings.security == .tls ? "smtps://" : "smtp://") + "\(host):\(settings.port)/\(Self.ehloName())"
    }

    /// This machine's name for EHLO, when it is a plain DNS name; `localhost` otherwise.
    static func ehloName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let plain = !name.isEmpty && name.utf8.count <= 253 && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x2E
        }
        return plain ? name : "localhost"
    }

    private func configure() -> Bool {
        var ok = true
        func set(_ option: CURLoption, _ value: Int) { ok = ok && spc_curl_setopt_long(handle, Int32(option.rawValue), value) == 0 }
        func set(_ option: CURLoption, _ value: String) { ok = ok && spc_curl_setopt_string(handle, Int32(option.rawValue), value) == 0 }
        func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) { ok = ok && spc_curl_setopt_pointer(handle, Int32(option.rawValue), pointer) == 0 }
        let me = Unmanaged.passUnretained(self).toOpaque()

        set(CURLOPT_URL, url)
        set(CURLOPT_PROTOCOLS_STR, settings.security == .tls ? "smtps" : "smtp")
        set(CURLOPT_PROXY, "")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // TLS: required, 1.2 or later (CURL_SSLVERSION_TLSv1_2 = 6, its MAX_ form 6 << 16),
        // peer and name verified; the SSL_CTX gets the settings' context below.
        if settings.security == .starttls { set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        set(CURLOPT_SSLVERSION, 6 | (settings.tlsCeiling == .tls12 ? 6 << 16 : 0))
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = settings.caFile {
            // The CA file alone is trusted, as with libESMTP (the store is replaced below too).
            set(CURLOPT_CAINFO, caFile)
            set(CURLOPT_CAPATH, pointer: nil)
        }
        set(CURLOPT_SSL_CTX_DATA, pointer: Unmanaged.passUnretained(tls).toOpaque())
        ok = ok && spc_curl_setopt_ssl_ctx_function(handle) { _, sslContext, context in
            guard let sslContext, let context,
                  Unmanaged<TLSClientContext>.fromOpaque(context).takeUnretainedValue().configure(foreign: sslContext) else {
                return Int32(CURLE_SSL_CERTPROBLEM.rawValue)
            }
            return Int32(CURLE_OK.rawValue)
        } == 0
        // Timeouts: the connection phase (greeting, EHLO, STARTTLS, AUTH) leaves room for the
        // implicit-TLS probe, as libESMTP's greeting wait does; each reply gets the timeout.
        let connectMilliseconds = settings.security == .starttls ? SMTPSession.greetingMilliseconds(for: settings) : settings.timeoutSeconds * 1000
        set(CURLOPT_CONNECTTIMEOUT_MS, connectMilliseconds)
        set(CURLOPT_SERVER_RESPONSE_TIMEOUT, settings.timeoutSeconds)
        // The dialogue, for the monitor (the debug callback needs CURLOPT_VERBOSE; nothing is printed).
        set(CURLOPT_VERBOSE, 1)
        set(CURLOPT_DEBUGDATA, pointer: me)
        ok = ok && spc_curl_setopt_debug_function(handle) { _, type, data, size, context in
            guard let data, let context, size > 0 else { return 0 }
            let session = Unmanaged<CurlSMTPSession>.fromOpaque(context).takeUnretainedValue()
            session.debug(type, UnsafeRawBufferPointer(start: data, count: size))
            return 0
        } == 0
        set(CURLOPT_SOCKOPTDATA, pointer: Unmanaged.passUnretained(monitor).toOpaque())
        ok = ok && spc_curl_setopt_sockopt_function(handle) { context, socket, _ in
            if let context { Unmanaged<SMTPSessionMonitor>.fromOpaque(context).takeUnretainedValue().adoptSocket(socket) }
            return 0  // CURL_SOCKOPT_OK
        } == 0
        set(CURLOPT_READDATA, pointer: me)
        ok = ok && spc_curl_setopt_read_function(handle) { buffer, size, count, context in
            guard let buffer, let context else { return spc_curl_readfunc_abort() }
            return Unmanaged<CurlSMTPSession>.fromOpaque(context).takeUnretainedValue().read(into: buffer, size * count)
        } == 0
        set(CURLOPT_UPLOAD, 1)
        ok = ok && spc_curl_setopt_mail_rcpt_allowfails(handle, 1) == 0
        if let username = settings.username {
            set(CURLOPT_USERNAME, username)
            set(CURLOPT_LOGIN_OPTIONS, settings.mechanisms.map { "AUTH=\($0)" }.joined(separator: ";"))
            let secret = settings.signsInWithToken ? settings.token : settings.password
            let option = settings.signsInWithToken ? CURLOPT_XOAUTH2_BEARER : CURLOPT_PASSWORD
            // libcurl copies the string at once; the copy made here is wiped right after.
            secret?.withUnsafeBytes { bytes in
                let copy = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count + 1)
                copy.initialize(repeating: 0)
                for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
                ok = ok && spc_curl_setopt_string(handle, Int32(option.rawValue), copy.baseAddress!) == 0
                explicit_bzero(copy.baseAddress!, copy.count)
                copy.deallocate()
            }
        }
        return ok
    }

    /// Sends one message over the session's connection (libcurl opens it for the first
    /// message and keeps it for the next ones).
    func send(_ message: EncodedMessage) -> Transfer {
        errorBuffer.update(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        dialogue = Dialogue(recipients: message.recipients)
        body = message.bytes
        offset = 0
        var list: UnsafeMutablePointer<curl_slist>?
        for address in message.recipients { list = curl_slist_append(list, "<\(address)>") }
        defer { curl_slist_free_all(list) }
        var ok = spc_curl_setopt_string(handle, Int32(CURLOPT_MAIL_FROM.rawValue), "<\(message.envelopeFrom)>") == 0
        ok = ok && spc_curl_setopt_pointer(handle, Int32(CURLOPT_MAIL_RCPT.rawValue), list.map { UnsafeMutableRawPointer($0) }) == 0
        ok = ok && spc_curl_setopt_long(handle, Int32(CURLOPT_INFILESIZE.rawValue), message.bytes.count) == 0
        guard ok else {
            return Transfer(code: Int32(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), status: dialogue.status, errorText: "libcurl refused the envelope")
        }
        let code = curl_easy_perform(handle)
        _ = spc_curl_setopt_pointer(handle, Int32(CURLOPT_MAIL_RCPT.rawValue), nil)
        var connectTime = 0
        _ = spc_curl_getinfo_long(handle, Int32(CURLINFO_CONNECT_TIME_T.rawValue), &connectTime)
        if connectTime > 0 || monitor.heardFromServer || monitor.handshakeBegan { monitor.noteConnected() }
        switch code {
        case CURLE_USE_SSL_FAILED where !monitor.starttlsSent:
            monitor.noteStarttlsMissing()
        case CURLE_WEIRD_SERVER_REPLY where monitor.starttlsSent && !monitor.tlsEstablished && monitor.starttlsReply?.code == 220:
            // libcurl refuses replies pipelined after "220 Ready to start TLS" (its fix of
            // CVE-2021-22947) and shows none of them: that is the response injection.
            monitor.stop(.responseInjection)
        default:
            break
        }
        monitor.concludeLogin()
        let detail = String(cString: errorBuffer)
        let text = code == CURLE_OK ? "no reply" : (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        return Transfer(code: Int32(code.rawValue), status: dialogue.status, errorText: SMTPSessionMonitor.printable(text))
    }

    /// libcurl's read callback: the message's bytes, unless a recipient was refused, in
    /// which case the transfer ends before the first byte (all recipients or none).
    private func read(into buffer: UnsafeMutablePointer<CChar>, _ capacity: Int) -> Int {
        if dialogue.recipientRefused { return spc_curl_readfunc_abort() }
        let count = min(capacity, body.count - offset)
        guard count > 0 else { return 0 }
        body.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// libcurl's debug callback: commands (type 2, CURLINFO_HEADER_OUT) and reply lines
    /// (type 1, CURLINFO_HEADER_IN) go to the monitor and the dialogue; the rest (libcurl's
    /// notes, the message's data, TLS records) is not looked at.
    private func debug(_ type: Int32, _ bytes: UnsafeRawBufferPointer) {
        switch type {
        case Int32(CURLINFO_HEADER_OUT.rawValue):
            monitor.observe(bytes, writing: 1)
            dialogue.sent(bytes)
        case Int32(CURLINFO_HEADER_IN.rawValue):
            monitor.observe(bytes, writing: 0)
            for line in SMTPSessionMonitor.lines(Array(bytes)) { dialogue.received(line) }
        default:
            break
        }
    }

    /// Which command each reply answers, for one message.
    struct Dialogue {
        private enum Command { case other, mail, recipient(Int), data, body }
        private var command = Command.other
        private var sentRecipients = 0
        private(set) var status: SMTPMessageStatus
        /// Whether the server refused a recipient of this message.
        private(set) var recipientRefused = false

        init(recipients: [String]) {
            status = SMTPMessageStatus(sender: nil, recipients: recipients.map { ($0, nil) }, final: nil)
        }

        /// A command libcurl wrote; only its verb is read (an AUTH line may hold a secret).
        mutating func sent(_ bytes: UnsafeRawBufferPointer) {
            let verb = String(decoding: bytes.prefix(8).map { $0 & 0xDF }, as: UTF8.self)
            if verb.hasPrefix("MAIL") {
                command = .mail
            } else if verb.hasPrefix("RCPT") {
                command = .recipient(sentRecipients)
                sentRecipients += 1
            } else if verb.hasPrefix("DATA") {
                command = .data
            } else {
                command = .other
            }
        }

        mutating func received(_ line: String) {
            guard let (code, text) = SMTPSessionMonitor.finalReply(line) else { return }
            let reply: SMTPMessageStatus.Reply = (code, text.isEmpty ? "\(code)" : "\(code) \(text)")
            switch command {
            case .mail:
                status.sender = reply
            case .recipient(let index) where index < status.recipients.count:
                status.recipients[index].reply = reply
                if code >= 300 { recipientRefused = true }
            case .data where code == 354:
                command = .body
            case .data, .body:
                status.final = reply
                command = .other
            default:
                break
            }
        }
    }
}
