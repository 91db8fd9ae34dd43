#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CESMTP
import Common
import OpenSSLSupport

/// What one SMTP session saw, and the guards spconnect adds to it.
///
/// Every C callback of a session (libESMTP's event, monitor and SASL callbacks, or
/// libcurl's debug and socket callbacks; OpenSSL's verify and info callbacks) reaches
/// this object through `Unmanaged`; the session keeps it alive until the library's
/// session is destroyed. Everything happens on the thread that runs the session.
///
/// The guards:
/// - AUTH credentials are handed out only once TLS is up, and the dialogue shows
///   `[redacted]` for every client line of an AUTH exchange;
/// - when libESMTP moves on to `MAIL FROM` without a successful AUTH (it treats a
///   failed AUTH as non-fatal), the socket is shut down before that command leaves;
/// - bytes the server sent after its reply to STARTTLS, before the TLS handshake
///   (response injection), fail the handshake;
/// - TLS 1.3 session tickets are read right after the handshake, before libESMTP
///   writes EHLO (otherwise it can wait for a reply to a command it never sent);
/// - under libcurl (which goes on to `MAIL FROM` unauthenticated when the server offers
///   no AUTH), the socket is shut down as soon as the EHLO reply inside TLS ends without
///   a mechanism the settings allow (``requiredMechanisms``), before libcurl's next command.
final class SMTPSessionMonitor: TLSHandshakeObserver {
    /// Why spconnect itself stopped the session.
    enum Abort {
        case responseInjection
        case unsolicitedData
        case authenticationFailed(reply: String?)
        case authenticationUnavailable
        case plaintextCommand
    }

    let host: String
    let hostIsAddress: Bool
    let username: String?
    let verbose: Bool
    private let password: SecretBytes?

    private(set) var transcript: [String] = []
    private(set) var connected = false
    private(set) var tlsEstablished = false
    private(set) var tlsVersion: String?
    private(set) var starttlsSent = false
    private(set) var starttlsMissing = false
    private(set) var starttlsReply: (code: Int, text: String)?
    private(set) var lastReply: (code: Int, text: String)?
    /// Whether the server sent anything at all (its greeting, at least).
    private(set) var heardFromServer = false
    /// The first 4xx or 5xx reply of the session outside AUTH (later ones answer QUIT or RSET).
    private(set) var firstFailure: (code: Int, text: String)?
    /// The longest wait between two steps of the dialogue, in nanoseconds: a wait as long as
    /// the timeout tells a timeout from a dropped connection (libESMTP reports both alike).
    private(set) var longestWait: UInt64 = 0
    private var lastStep = MonotonicClock.now()

    /// Notes a step of the dialogue (and, at the end, the wait since the last one).
    func noteActivity() {
        let now = MonotonicClock.now()
        longestWait = max(longestWait, now - lastStep)
        lastStep = now
    }
    private(set) var certificateProblem: String?
    private(set) var abort: Abort?
    private(set) var ticketsRead = 0
    private(set) var authAttempted = false
    private(set) var authSucceeded = false
    /// The mechanisms the last EHLO reply inside TLS offered (`250-AUTH …`).
    private(set) var offeredMechanisms: [String] = []
    /// The mechanism of the AUTH command the client sent.
    private(set) var usedMechanism: String?
    /// libcurl only: the mechanisms one of which the server must offer inside TLS, else
    /// the session stops at the end of the EHLO reply. nil under libESMTP (its own guard).
    var requiredMechanisms: [String]?
    /// libcurl only: TLS is up once OpenSSL's handshake ends (libESMTP sends an event).
    var tlsFromHandshake = false
    private var lastCommand = ""
    private var ehloMechanisms: [String] = []
    private var handshakeConnection: TLSConnection?

    private var socket: Int32 = -1
    private var sniSet = false
    private var handshakeStart: UInt64 = 0
    private var handshakeDone: UInt64 = 0
    private var handshakes = 0
    private var authPending = false
    private var lastAuthReply: String?
    private var afterStarttls: [UInt8] = []
    private var credentialCopies: [UnsafeMutableBufferPointer<CChar>] = []

    init(settings: SMTPSettings) {
        host = settings.host
        hostIsAddress = Self.isIPAddress(settings.host)
        username = settings.username
        password = settings.password
        verbose = settings.verbose
    }

    deinit { wipeCredentials() }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    // MARK: stopping the session

    /// Records why the session must end and shuts the socket, so nothing more leaves.
    func stop(_ reason: Abort) {
        if abort == nil { abort = reason }
        if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    // MARK: libESMTP's protocol monitor

    /// A chunk libESMTP wrote (`writing` 1) or read (0). Message data is never shown:
    /// libESMTP turns the monitor off during DATA, and headers are not monitored.
    func observe(_ bytes: UnsafeRawBufferPointer, writing: Int32) {
        noteActivity()
        if writing != 0 {
            // Credentials are never copied: an AUTH command and the lines that answer its
            // challenges are recorded as redacted straight from libESMTP's buffer.
            if authPending {
                record("C: [redacted]")
            } else if let mechanism = Self.authMechanism(bytes) {
                authAttempted = true
                authPending = true
                usedMechanism = Self.printable(mechanism).uppercased()
                lastCommand = "AUTH"
                record("C: AUTH \(Self.printable(mechanism)) [redacted]")
            } else {
                observeWrite(Array(bytes))
            }
        } else {
            observeRead(Array(bytes))
        }
    }

    private func observeWrite(_ bytes: [UInt8]) {
        for line in Self.lines(bytes) {
            let upper = line.uppercased()
            lastCommand = String(upper.prefix { $0 != " " && $0 != ":" })
            if lastCommand == "EHLO" { ehloMechanisms = [] }
            if upper.hasPrefix("STARTTLS") {
                starttlsSent = true
                afterStarttls = []
            }
            if upper.hasPrefix("MAIL FROM:") || upper.hasPrefix("RCPT TO:") || upper.hasPrefix("DATA") {
                if !tlsEstablished {
                    stop(.plaintextCommand)
                } else if username != nil && !authSucceeded {
                    stop(authAttempted ? .authenticationFailed(reply: lastAuthReply) : .authenticationUnavailable)
                }
            }
            if abort != nil && socket >= 0 {
                record("-- session stopped by spconnect; not sent: " + Self.printable(line))
                return
            }
            record("C: " + Self.printable(line))
        }
    }

    private func observeRead(_ bytes: [UInt8]) {
        if !bytes.isEmpty { heardFromServer = true }
        if starttlsSent && !tlsEstablished && starttlsReply == nil {
            // The reply to STARTTLS must be the last thing before the handshake: anything the
            // server sent after a 220 arrives in clear but would be read as if it came in TLS.
            afterStarttls += bytes
            if let end = Self.endOfFirstReply(afterStarttls) {
                let reply = Self.lines(Array(afterStarttls[..<end])).last.flatMap(Self.finalReply)
                starttlsReply = reply
                if reply?.code == 220 && end < afterStarttls.count { abort = abort ?? .responseInjection }
            }
        }
        for line in Self.lines(bytes) {
            record("S: " + Self.printable(line))
            if lastCommand == "EHLO", tlsEstablished { noteExtension(line) }
            guard let reply = Self.finalReply(line) else { continue }
            if lastCommand == "EHLO", tlsEstablished, reply.code == 250 { ehloEnded() }
            lastReply = reply
            if reply.code >= 400 && firstFailure == nil && !authPending { firstFailure = reply }
            if authPending && reply.code != 334 {
                authPending = false
                if reply.code == 235 {
                    authSucceeded = true
                } else {
                    lastAuthReply = "\(reply.code) \(reply.text)"
                }
            }
        }
    }

    /// Notes the mechanisms of a `250-AUTH A B` (or `250 AUTH A B`) line of an EHLO reply.
    private func noteExtension(_ line: String) {
        let words = line.dropFirst(4).uppercased().split(separator: " ")
        guard line.utf8.count > 4, words.first == "AUTH" else { return }
        ehloMechanisms += words.dropFirst().prefix(32).map { Self.printable(String($0)) }
    }

    /// The EHLO reply inside TLS ended: libcurl's next command is AUTH, or, when the server
    /// offers no mechanism it knows, `MAIL FROM` without a login. Stop before that one.
    private func ehloEnded() {
        offeredMechanisms = ehloMechanisms
        guard let required = requiredMechanisms, username != nil, !authSucceeded else { return }
        if !required.contains(where: offeredMechanisms.contains) { stop(.authenticationUnavailable) }
    }

    private func record(_ line: String) {
        if verbose { transcript.append(line) }
    }

    /// The lines of a chunk, without their CRLF (a partial last line is kept).
    /// The mechanism of an `AUTH` command at the start of `bytes`, read from its first
    /// bytes only (the rest may be an initial response holding the password); nil otherwise.
    static func authMechanism(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count >= 5, bytes[4] == 0x20, bytes.prefix(4).map({ $0 & 0xDF }) == Array("AUTH".utf8) else { return nil }
        let name = bytes.dropFirst(5).prefix(20).prefix { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }
        return String(decoding: name, as: UTF8.self)
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map { slice in
            String(decoding: slice.last == 0x0D ? slice.dropLast() : slice, as: UTF8.self)
        }
    }

    /// The code and text of a reply's last line (`250 text`), or nil for a continuation line.
    static func finalReply(_ line: String) -> (code: Int, text: String)? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else { return nil }
        if bytes.count > 3 && bytes[3] != 0x20 { return nil }
        return (code, printable(String(decoding: bytes.dropFirst(4), as: UTF8.self)))
    }

    /// Where the first complete reply ends (after the CRLF of its last line), if it has.
    static func endOfFirstReply(_ bytes: [UInt8]) -> Int? {
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                let line = bytes[start..<index]
                if line.count < 4 || line[line.startIndex + 3] != UInt8(ascii: "-") { return index + 1 }
                start = index + 1
            }
            index += 1
        }
        return nil
    }

    /// Server text made safe to show: ``ServerText`` (line breaks, CRLF included, become
    /// spaces; other control characters `?`), at most 300 characters.
    static func printable(_ text: String) -> String {
        ServerText.shown(text, limit: 300)
    }

    // MARK: libESMTP's events

    func event(_ event: Int32, text: UnsafePointer<CChar>?, number: Int, ok: UnsafeMutablePointer<Int32>?, ssl: OpaquePointer?) {
        noteActivity()
        switch event {
        case Int32(SMTP_EV_CONNECT):
            connected = true
        case Int32(SMTP_EV_EXTNA_STARTTLS):
            starttlsMissing = true
        case Int32(SMTP_EV_INVALID_PEER_CERTIFICATE):
            // Only reachable if the handshake's own verification passed; refuse anyway.
            certificateProblem = certificateProblem ?? TLSConnection.verifyResultText(number)
        case Int32(SMTP_EV_NO_PEER_CERTIFICATE):
            certificateProblem = certificateProblem ?? "the server sent no certificate"
        case Int32(SMTP_EV_WRONG_PEER_CERTIFICATE):
            // libESMTP compares the certificate with the DNS canonical name, not the configured
            // host. OpenSSL already checked it against the configured host (pinned with
            // X509_VERIFY_PARAM_set1_host / set1_ip_asc) during the handshake, so accept only
            // when that verification passed.
            if let ok, let ssl, TLSConnection(ssl).peerVerified {
                ok.pointee = 1
            } else {
                certificateProblem = certificateProblem ?? "the certificate is not issued for \(host)"
            }
        case Int32(SMTP_EV_WEAK_CIPHER):
            certificateProblem = certificateProblem ?? "the server offered a weak cipher (\(number) bits)"
        case Int32(SMTP_EV_STARTTLS_OK):
            tlsEstablished = true
            if let ssl {
                let connection = TLSConnection(ssl)
                tlsVersion = connection.version
                readSessionTickets(connection)
            }
            if case .responseInjection = abort { stop(.responseInjection) }
        default:
            break
        }
    }

    /// TLS 1.3 defect: the server's NewSessionTicket messages can arrive after the handshake
    /// but before libESMTP flushes EHLO; libESMTP then sees a readable socket, reads, finds no
    /// reply and blocks until its timeout with EHLO still unsent. Here, between the handshake
    /// and EHLO, the tickets are read with SSL_peek (which processes them and consumes no
    /// application data). The wait lasts until a quiet moment after the tickets, or a few
    /// handshake round trips when the server sends none. Any application data at this point
    /// is a server speaking out of turn, and ends the session.
    private func readSessionTickets(_ connection: TLSConnection) {
        guard connection.isTLS13 else { return }
        let fd = connection.fileDescriptor
        guard fd >= 0 else { return }
        let roundTrip = handshakeDone > handshakeStart ? handshakeDone - handshakeStart : 0
        let nanosecondsPerMillisecond: UInt64 = 1_000_000
        let window = min(max(roundTrip * 3, 25 * nanosecondsPerMillisecond), 750 * nanosecondsPerMillisecond)
        let quiet = min(max(roundTrip, 5 * nanosecondsPerMillisecond), 100 * nanosecondsPerMillisecond)
        var deadline = MonotonicClock.now() + window
        while true {
            let now = MonotonicClock.now()
            guard now < deadline else { break }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let waitMilliseconds = Int32(max(1, (deadline - now) / nanosecondsPerMillisecond))
            let ready = poll(&descriptor, 1, waitMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let before = ticketsRead
            let peeked = connection.peek()
            if peeked == .data {
                stop(.unsolicitedData)
                break
            }
            guard peeked == .wantRead else { break }
            if ticketsRead > before { deadline = min(deadline, MonotonicClock.now() + quiet) }
        }
        OpenSSLErrorQueue.clear()
    }

    // MARK: OpenSSL's callbacks

    /// At the start of the handshake: set SNI (libESMTP sends none), note the socket and
    /// turn Nagle's algorithm off on it: libESMTP writes each command and the message in
    /// several small records, and with Nagle on every message waited for the server's
    /// delayed ACK (about 40 ms a message, measured with 200 messages in one session).
    func handshakeStarted(_ connection: TLSConnection) {
        handshakeConnection = connection
        if socket < 0 {
            socket = connection.fileDescriptor
            var on: Int32 = 1
            if socket >= 0 { _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size)) }
        }
        if !sniSet {
            sniSet = true
            handshakeStart = MonotonicClock.now()
            if !hostIsAddress { connection.setServerName(host) }
        }
    }

    /// At the end of a handshake; later "handshakes" on a TLS 1.3 connection are tickets.
    func handshakeFinished() {
        handshakes += 1
        if handshakes == 1 { handshakeDone = MonotonicClock.now() } else { ticketsRead += 1 }
        if handshakes == 1, tlsFromHandshake, certificateProblem == nil {
            tlsEstablished = true
            tlsVersion = handshakeConnection?.version
        }
    }

    // MARK: libcurl's session

    /// The session's socket, as libcurl made it (before it connects).
    func adoptSocket(_ descriptor: Int32) {
        socket = descriptor
    }

    /// Whether a TLS handshake began (so a TCP connection was made).
    var handshakeBegan: Bool { sniSet }

    /// libcurl reached the server (its connect time is set).
    func noteConnected() { connected = true }

    /// libcurl ended the session after an AUTH it tried (it never goes on after a refusal).
    func concludeLogin() {
        if abort == nil, authAttempted, !authSucceeded { abort = .authenticationFailed(reply: lastAuthReply) }
    }

    /// libcurl refused to go on without the STARTTLS the server did not offer.
    func noteStarttlsMissing() { starttlsMissing = true }

    /// OpenSSL's verdict on one certificate of the chain; a failure is remembered for the error.
    func verify(preverified: Bool, problem: String, depth: Int) -> Bool {
        if !preverified, certificateProblem == nil {
            certificateProblem = depth == 0 ? problem : "\(problem) (certificate \(depth) of the chain)"
        }
        if case .responseInjection = abort { return false }
        return preverified
    }

    // MARK: SASL

    /// Supplies the user name and password to libESMTP's PLAIN or LOGIN mechanism, only over TLS.
    func interact(_ requests: UnsafePointer<auth_client_request>?, _ results: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                  _ fields: Int32) -> Int32 {
        guard tlsEstablished, let requests, let results, let username, let password else { return 0 }
        for index in 0..<Int(fields) {
            let flags = requests[index].flags
            if flags & UInt32(AUTH_PASS) != 0 {
                results[index] = password.withUnsafeBytes { copy($0) }
            } else if flags & UInt32(AUTH_USER) != 0 {
                results[index] = username.utf8CString.withUnsafeBytes { copy(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
            } else {
                return 0
            }
        }
        return 1
    }

    /// A NUL-terminated copy that lives until the session ends, then is wiped.
    private func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutablePointer<CChar> {
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count + 1)
        buffer.initialize(repeating: 0)
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        credentialCopies.append(buffer)
        return buffer.baseAddress!
    }

    /// Wipes and frees every copy of the credentials handed to libESMTP.
    func wipeCredentials() {
        for buffer in credentialCopies {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        credentialCopies = []
    }
}
