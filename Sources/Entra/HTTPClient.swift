#if canImport(Glibc)
import Glibc
#endif
internal import CCurl
internal import CCurlShims
import Common
import OpenSSLSupport

/// HTTPS through one owned libcurl easy handle.
///
/// - TLS verification is always on (peer and host name); there is no switch to turn it off.
///   ``Options/caFile`` *adds* the certificates of a PEM file to the system's trust store,
///   for private endpoints, TLS-inspecting proxies and tests.
/// - Only `https://` URLs are accepted, and redirects are not followed (a bearer token
///   must never follow a redirect to another host).
/// - The proxy variables are honoured as libcurl does: `https_proxy`/`HTTPS_PROXY`,
///   `all_proxy`/`ALL_PROXY`, and `no_proxy`/`NO_PROXY` for exceptions.
/// - Failures become ``EntraError`` codes with a message that says what to do.
///
/// One client makes one request at a time; it is not for sharing between threads.
public final class HTTPClient {
    /// How to connect.
    public struct Options: Sendable {
        /// A PEM file of extra trusted CA certificates (`--ca-file`).
        public var caFile: String?
        /// Seconds to wait for the TCP and TLS connection.
        public var connectTimeout: Double
        /// Seconds for the whole exchange.
        public var totalTimeout: Double
        /// The `User-Agent` header.
        public var userAgent: String
        /// `HOST:PORT` to connect to instead of the URL's host and port (libcurl's
        /// `CURLOPT_CONNECT_TO`, curl's `--connect-to ::HOST:PORT`): for a private endpoint
        /// or a test server. TLS still checks the certificate against the URL's host name.
        public var connectTo: String?

        /// Options with the given values; by default the system trust, 10 s to connect, 30 s in all.
        public init(caFile: String? = nil, connectTimeout: Double = 10, totalTimeout: Double = 30, userAgent: String = "spconnect",
                    connectTo: String? = nil) {
            self.caFile = caFile
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.userAgent = userAgent
            self.connectTo = connectTo
        }
    }

    /// `curl_global_init`, run once per process before the first handle.
    private static let globalInit: Int32 = Int32(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

    /// How this client connects.
    public let options: Options
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The `--ca-file` path as a C string, for the SSL_CTX callback; freed in deinit.
    private let caPath: UnsafeMutablePointer<CChar>?

    /// Makes a client.
    ///
    /// - Throws: ``EntraError/Code/caFileUnreadable`` when `options.caFile` cannot be read
    ///   or holds no PEM certificate; ``EntraError/Code/transportFailed`` when libcurl
    ///   cannot start.
    public init(options: Options = Options()) throws(EntraError) {
        if let caFile = options.caFile {
            let bytes: [UInt8]
            do { bytes = try FileBytes.read(caFile, limit: 4 << 20) } catch {
                throw EntraError(.caFileUnreadable, worded: "\(option: "caFile") \(caFile): \(error.reason)", cause: .error(error),
                                 facts: ErrorFacts(actor: .you, values: [.check: "readable", .path: caFile]))
            }
            guard String(decoding: bytes, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
                throw EntraError(.caFileUnreadable, worded: "\(option: "caFile") \(caFile): holds no PEM certificate",
                                 facts: ErrorFacts(actor: .you, values: [.check: "pem", .path: caFile]))
            }
        }
        guard Self.globalInit == 0, let handle = curl_easy_init() else {
            throw EntraError(.transportFailed, "libcurl could not start")
        }
        self.options = options
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        caPath = options.caFile.map { strdup($0) }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
        free(caPath)
    }

    /// POSTs `fields` as `application/x-www-form-urlencoded`.
    ///
    /// The body is built in wiped-on-release memory, since form fields may carry a
    /// credential (a client assertion).
    public func postForm(_ url: String, fields: [(String, String)], headers: [(String, String)] = []) throws(EntraError) -> HTTPResponse {
        let encoded = fields.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
        let body = SecretBytes(Array(encoded.utf8))
        var result: Result<HTTPResponse, EntraError> = .failure(EntraError(.transportFailed, "no request was made"))
        body.withUnsafeBytes { raw in
            result = Result { () throws(EntraError) in
                try perform(url, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")], body: raw)
            }
        }
        return try result.get()
    }

    /// POSTs `body` as `application/json`. The body is wiped on release: it may carry a
    /// credential (the proof of possession of a key).
    public func postJSON(_ url: String, body: SecretBytes, headers: [(String, String)] = []) throws(EntraError) -> HTTPResponse {
        var result: Result<HTTPResponse, EntraError> = .failure(EntraError(.transportFailed, "no request was made"))
        body.withUnsafeBytes { raw in
            result = Result { () throws(EntraError) in
                try perform(url, headers: headers + [("Content-Type", "application/json")], body: raw)
            }
        }
        return try result.get()
    }

    /// POSTs `body` as `application/json` with `Authorization: Bearer TOKEN`.
    ///
    /// The body and the token stay in wiped-on-release memory on this side: the header line
    /// is built as ``SecretBytes``, and libcurl's copy of it is wiped before it is freed.
    public func postJSON(_ url: String, body: SecretBytes, bearerToken: SecretBytes, headers: [(String, String)] = []) throws(EntraError) -> HTTPResponse {
        let authorization = SecretBytes(joining: [SecretBytes(Array("Authorization: Bearer ".utf8)), bearerToken])
        var result: Result<HTTPResponse, EntraError> = .failure(EntraError(.transportFailed, "no request was made"))
        body.withUnsafeBytes { raw in
            result = Result { () throws(EntraError) in
                try perform(url, headers: headers + [("Content-Type", "application/json")], body: raw, secretHeader: authorization)
            }
        }
        return try result.get()
    }

    /// GETs `url`.
    public func get(_ url: String, headers: [(String, String)] = []) throws(EntraError) -> HTTPResponse {
        try perform(url, headers: headers, body: nil)
    }

    // MARK: - The exchange

    /// Collects the body as libcurl hands it over.
    private final class Sink {
        var bytes: [UInt8] = []
        let limit = 8 << 20
    }

    private func perform(_ url: String, headers: [(String, String)], body: UnsafeRawBufferPointer?,
                         secretHeader: SecretBytes? = nil) throws(EntraError) -> HTTPResponse {
        guard url.lowercased().hasPrefix("https://") else {
            throw EntraError(.invalidValue, "\(url): only https:// URLs are called", facts: ErrorFacts(actor: .you, values: [.check: "https"]))
        }
        curl_easy_reset(handle)
        errorBuffer.update(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let sink = Sink()
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
        if let secretHeader { list = secretHeader.withCString { text, _ in curl_slist_append(list, text) } }
        // Expect: 100-continue only slows a small POST down.
        list = curl_slist_append(list, "Expect:")
        var connectTo: UnsafeMutablePointer<curl_slist>?
        if let target = options.connectTo { connectTo = curl_slist_append(nil, "::" + target) }
        defer {
            // libcurl's copies of the header lines (one may carry a bearer token) are wiped first.
            var node = list
            while let entry = node {
                if let data = entry.pointee.data { explicit_bzero(data, strlen(data)) }
                node = entry.pointee.next
            }
            curl_slist_free_all(list)
            curl_slist_free_all(connectTo)
        }

        var failed = false
        func set(_ option: CURLoption, _ value: Int) { failed = failed || spc_curl_setopt_long(handle, Int32(option.rawValue), value) != 0 }
        func set(_ option: CURLoption, _ value: String) { failed = failed || spc_curl_setopt_string(handle, Int32(option.rawValue), value) != 0 }
        func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) { failed = failed || spc_curl_setopt_pointer(handle, Int32(option.rawValue), pointer) != 0 }

        set(CURLOPT_URL, url)
        set(CURLOPT_PROTOCOLS_STR, "https")
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        set(CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        set(CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000))
        set(CURLOPT_USERAGENT, options.userAgent)
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_HTTPHEADER, pointer: list.map { UnsafeMutableRawPointer($0) })
        set(CURLOPT_CONNECT_TO, pointer: connectTo.map { UnsafeMutableRawPointer($0) })
        set(CURLOPT_WRITEDATA, pointer: sinkPointer)
        failed = failed || spc_curl_setopt_write_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            let total = size * count
            guard sink.bytes.count + total <= sink.limit else { return 0 }
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: total))
            return total
        } != 0
        if let caPath {
            set(CURLOPT_SSL_CTX_DATA, pointer: UnsafeMutableRawPointer(caPath))
            failed = failed || spc_curl_setopt_ssl_ctx_function(handle) { _, sslContext, context in
                // Adds the --ca-file certificates to the handshake's trust store.
                guard let sslContext, let context,
                      TLSTrust.addCertificates(fromFile: context.assumingMemoryBound(to: CChar.self), to: sslContext) else {
                    return Int32(CURLE_SSL_CACERT_BADFILE.rawValue)
                }
                return Int32(CURLE_OK.rawValue)
            } != 0
        }
        if let body {
            set(CURLOPT_POST, 1)
            set(CURLOPT_POSTFIELDSIZE, body.count)
            set(CURLOPT_POSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: body.baseAddress))
        } else {
            set(CURLOPT_HTTPGET, 1)
        }
        guard !failed else {
            throw EntraError(.transportFailed, "libcurl refused an option (libcurl \(Self.version) is too old: 7.85 or later is needed)")
        }

        let result = curl_easy_perform(handle)
        // The body pointer is only valid during this call.
        set(CURLOPT_POSTFIELDS, pointer: nil)
        guard result == CURLE_OK else { throw transportError(result, url: url) }

        var status = 0
        _ = spc_curl_getinfo_long(handle, Int32(CURLINFO_RESPONSE_CODE.rawValue), &status)
        return HTTPResponse(status: status, headers: responseHeaders(), body: sink.bytes)
    }

    /// The headers of the last response (not of interim 1xx answers or proxy CONNECTs).
    private func responseHeaders() -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        var previous: UnsafeMutablePointer<curl_header>?
        while let header = curl_easy_nextheader(handle, UInt32(CURLH_HEADER), -1, previous) {
            headers.append((String(cString: header.pointee.name), String(cString: header.pointee.value)))
            previous = header
        }
        return headers
    }

    /// libcurl's version string.
    public static var version: String {
        guard let text = curl_version() else { return "?" }
        return String(cString: text)
    }

    // MARK: - Errors

    private func transportError(_ code: CURLcode, url: String) -> EntraError {
        let detail = String(cString: errorBuffer)
        let summary = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let host = Self.host(of: url)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return EntraError(.hostNotFound, "cannot resolve \(host): \(summary)", facts: ErrorFacts(actor: .you, values: [.host: host]))
        case CURLE_COULDNT_RESOLVE_PROXY:
            return EntraError(.proxyFailed, "cannot resolve the proxy for \(host): \(summary)", facts: ErrorFacts(actor: .you, values: [.host: host]))
        case CURLE_COULDNT_CONNECT:
            return EntraError(.connectionFailed, "cannot connect to \(host): \(summary)", facts: ErrorFacts(actor: .you, values: [.host: host]))
        case CURLE_OPERATION_TIMEDOUT:
            return EntraError(.timeout, "\(host) did not answer within \(Self.seconds(options.totalTimeout)) s: \(summary)",
                              facts: ErrorFacts(actor: .you, isTemporary: true, values: [.host: host]))
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return EntraError(.tlsFailure, "TLS with \(host) failed: \(summary)",
                              facts: ErrorFacts(actor: .you, values: [.host: host, .path: options.caFile].compactMapValues { $0 }))
        case CURLE_SSL_CACERT_BADFILE:
            return EntraError(.caFileUnreadable, worded: "\(option: "caFile") \(options.caFile ?? ""): OpenSSL cannot load it (\(summary))",
                              facts: ErrorFacts(actor: .you, values: [.check: "openSSL", .path: options.caFile ?? ""]))
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return EntraError(.connectionFailed, "the connection to \(host) broke: \(summary)",
                              facts: ErrorFacts(actor: .you, isTemporary: true, values: [.host: host]))
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return EntraError(.invalidValue, "\(url): \(summary)", facts: ErrorFacts(actor: .you, values: [.check: "url"]))
        case CURLE_WRITE_ERROR:
            return EntraError(.malformedResponse, "\(host) sent more than 8 MiB")
        default:
            return EntraError(.transportFailed, "HTTPS to \(host) failed: \(summary) (libcurl error \(code.rawValue))",
                              facts: ErrorFacts(actor: .you, values: [.host: host]))
        }
    }

    /// `host[:port]` of an URL.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// `application/x-www-form-urlencoded` encoding of one name or value.
    static func formEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output.append("+")
            default:
                let hex = Array("0123456789ABCDEF")
                output.append("%")
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 15)])
            }
        }
        return output
    }
}
