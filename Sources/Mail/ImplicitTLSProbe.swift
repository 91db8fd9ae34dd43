#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds out, after a libESMTP session that connected but never received a greeting,
/// whether the configured port speaks implicit TLS (SMTPS, usually port 465) instead of
/// plain SMTP with STARTTLS, so that the error says so instead of "try again later".
///
/// It never runs before a session: a client that talks before the greeting is what
/// postscreen's pregreet test, Exim's `smtp_enforce_sync` and sendmail's `greet_pause`
/// take for a spammer. An implicit-TLS server sends nothing until it receives a TLS
/// ClientHello, while a STARTTLS client waits for the `220` greeting. The probe connects
/// once more, waits a moment for a greeting, and only when none comes sends a TLS
/// ClientHello: a server that answers with a TLS record (a ServerHello or an alert:
/// content type 22 or 21, version 3.x, RFC 8446 §5.1) speaks implicit TLS. A greeting is
/// read to its last line (`220 `) and answered with `QUIT`; any other answer, a refused
/// connection or more silence says nothing, and the session's own error stands. All of
/// it fits in ``budgetMilliseconds(for:)``, which the session's greeting wait leaves free
/// of `[smtp] timeout_seconds`.
enum ImplicitTLSProbe {
    /// What the probe may take, in milliseconds: a quarter of the timeout, at most 5 s.
    static func budgetMilliseconds(for settings: SMTPSettings) -> Int {
        min(5_000, settings.timeoutSeconds * 250)
    }

    /// Whether `settings.host:port` answered a ClientHello with TLS after staying silent.
    static func speaksImplicitTLS(_ settings: SMTPSettings) -> Bool {
        let deadline = MonotonicClock.now() + UInt64(budgetMilliseconds(for: settings)) * 1_000_000
        func left(_ cap: Int = .max) -> Int32 {
            let now = MonotonicClock.now()
            return now >= deadline ? 0 : Int32(min(cap, Int((deadline - now) / 1_000_000)))
        }
        guard let fd = connect(host: settings.host, port: settings.port, timeoutMilliseconds: left()) else { return false }
        defer { close(fd) }
        if let first = read(fd, timeoutMilliseconds: left(budgetMilliseconds(for: settings) / 4)) {
            if isTLSRecord(first) { return true }
            endSMTP(fd, greeting: first, timeoutMilliseconds: left)
            return false
        }
        guard send(fd, clientHello(serverName: settings.host)) else { return false }
        guard let answer = read(fd, timeoutMilliseconds: left()) else { return false }
        return isTLSRecord(answer)
    }

    /// Reads the greeting to its final line (`220 text`, RFC 5321 §4.2.1), says `QUIT`, and
    /// closes only the sending side, then reads what is left: a close with unread data would
    /// reset the connection.
    private static func endSMTP(_ fd: Int32, greeting: [UInt8], timeoutMilliseconds left: (Int) -> Int32) {
        var received = greeting
        while !hasFinalLine(received), received.count < 4_096, let more = read(fd, timeoutMilliseconds: left(.max)) {
            received += more
        }
        if hasFinalLine(received) { send(fd, Array("QUIT\r\n".utf8)) }
        shutdown(fd, Int32(SHUT_WR))
        while read(fd, timeoutMilliseconds: left(1_000)) != nil {}
    }

    /// Whether `bytes` hold a complete last line of a reply: three digits, a space, CRLF.
    static func hasFinalLine(_ bytes: [UInt8]) -> Bool {
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            let line = bytes[start..<index]
            if line.count >= 4, line.prefix(3).allSatisfy({ (0x30...0x39).contains($0) }),
               line[line.startIndex + 3] == 0x20 { return true }
            start = index + 1
        }
        return false
    }

    /// A TLS record header: handshake (22) or alert (21), major version 3.
    static func isTLSRecord(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && (bytes[0] == 22 || bytes[0] == 21) && bytes[1] == 3
    }

    /// A minimal TLS 1.2 ClientHello (RFC 5246 §7.4.1.2) that any TLS server answers,
    /// with a ServerHello or, when it shares nothing with it, an alert.
    static func clientHello(serverName: String) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func u24(_ value: Int) -> [UInt8] { [UInt8(value >> 16 & 0xFF)] + u16(value) }
        // ECDHE-RSA/ECDSA AES-GCM (TLS 1.2), RSA AES-GCM, and TLS 1.3's AES-128-GCM.
        let suites: [UInt8] = [0xC0, 0x2F, 0xC0, 0x2B, 0xC0, 0x30, 0xC0, 0x2C, 0x00, 0x9C, 0x13, 0x01]
        var extensions: [UInt8] = []
        let isAddress = serverName.contains(":") || serverName.allSatisfy { $0.isNumber || $0 == "." }
        if !isAddress, !serverName.isEmpty {
            let name = Array(serverName.utf8)
            let entry = [0x00] + u16(name.count) + name                                    // host_name
            extensions += [0x00, 0x00] + u16(entry.count + 2) + u16(entry.count) + entry   // server_name
        }
        extensions += [0x00, 0x0A, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1D, 0x00, 0x17]            // groups: x25519, P-256
        extensions += [0x00, 0x0B, 0x00, 0x02, 0x01, 0x00]                                    // uncompressed points
        extensions += [0x00, 0x0D, 0x00, 0x08, 0x00, 0x06, 0x08, 0x04, 0x04, 0x03, 0x04, 0x01] // signature algorithms
        var body: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 0x5A, count: 32) + [0x00]      // version, random, no session
        body += u16(suites.count) + suites + [0x01, 0x00]                                     // suites, null compression
        body += u16(extensions.count) + extensions
        let handshake = [0x01] + u24(body.count) + body
        return [0x16, 0x03, 0x01] + u16(handshake.count) + handshake
    }

    /// A connected TCP socket, or nil when no address of `host` accepts within the timeout.
    private static func connect(host: String, port: Int, timeoutMilliseconds: Int32) -> Int32? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(first) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let fd = socket(current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), current.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var connected = Glibc.connect(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0
            if !connected && errno == EINPROGRESS {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                connected = poll(&poller, 1, timeoutMilliseconds) == 1
                    && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
            }
            if connected { return fd }
            close(fd)
        }
        return nil
    }

    /// Up to 512 bytes, once some arrive within the timeout; nil on silence or a closed connection.
    private static func read(_ fd: Int32, timeoutMilliseconds: Int32) -> [UInt8]? {
        guard timeoutMilliseconds > 0 else { return nil }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    @discardableResult
    private static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }
}
