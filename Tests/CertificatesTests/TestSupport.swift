// What the Certificates tests share: one key, test-only digests and a tiny DER reader,
// so the checks do not rely on the OpenSSL code paths they check.
import OpenSSLSupport
import Foundation
import Common

enum Shared {
    /// One RSA-2048 key for the whole test process (key generation is the slow part).
    static let key: RSAPrivateKey = {
        do { return try RSAPrivateKey.generate(bits: 2048) } catch { fatalError("cannot generate the shared test key: \(error)") }
    }()

    /// A fixed "now": 2026-09-21T22:13:20Z.
    static let now = Date(timeIntervalSince1970: 1_790_028_800)

    /// A certificate made from the shared key at ``now``.
    static func certificate(_ name: String = "unit-test", days: Int = 365) throws -> X509Certificate {
        try SelfSignedCertificate.make(commonName: name, key: key, days: days, now: now)
    }

    /// RFC 8410 §10.3's Ed25519 private key.
    static let ed25519PEM = Array("""
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
        -----END PRIVATE KEY-----

        """.utf8)

    /// An RSA-1024 private key (too small), made with `openssl genpkey` for these tests only.
    static let rsa1024PEM = Array("""
        -----BEGIN PRIVATE KEY-----
        MIICeQIBADANBgkqhkiG9w0BAQEFAASCAmMwggJfAgEAAoGBALCM+nz+kPEZ5V8d
        x3S++gaPHweDpsf3UloLX4Tefnz6C2f0R2up8XkLTBtc3PLKeF/8MQ7+PbpgDWJM
        WVfY8mooLhf+NhGq3oM4qkaMwjO96LVtLyFFjwjdkaQWtJk/Wp8KcLCLUnxo3734
        MF99EyPLFQAx34C4ln7aXk036yCJAgMBAAECgYEAoEQZzwW3xWXgleuOeCg1B2c8
        n7Ge4L9efmb8mrzuzbyeRgu2GcH3dg4PVHeECtJJW7ivQBEDMACppaXxJJHH25rg
        wKRqT4b8+Ibw6Zxe6oAqSBeYVmt/5BNt2v3vVVWAbHfju+yPuUpA7QGWn5UMxllw
        b1e2vx1/UdFgOyQBn9ECQQDlxwLEBxbLNynTH5J3OHmohZdydrR45FEA1AqqYtcZ
        ll5s1U1k3vHVE1Evs1x5R1PSa9rwcXm+nC9Ox7ZimX9XAkEAxLLwpVo3v5FRxZ1/
        PI5ldEIwTXD8ILjnLpyXvLnGq7kf7Y7Fe72DIhESN8kIrdpk1PNCPZmCxFnGDLTz
        G6DTHwJBAMQ+zWDpARG84m7bhzdlt5ozxt5O/eJGddx0PUu6sSW8ZJclMj2VoAuw
        vOU1liRKxA9yaIJ1GFqwgEMTlPTvTm8CQQCL3x7mxle8Ps8iMlQHMM8OM/77Iqv3
        bOTgLXRtPMH83QDKQetGicXVFMSarLciQZnQIEdrXF0z2Q7PfGEftWZLAkEAlmTI
        +AyuqUgGG79yFK5cf+0UjxcmMQRVPGOQqtuCQ2A9WH314A+87fSCNaijrP63JBhk
        seYwHkyJJP0TuJJuYQ==
        -----END PRIVATE KEY-----

        """.utf8)
}

/// SHA-1 and SHA-256 (FIPS 180-4), written out for the tests, independent of OpenSSL.
enum TestDigest {
    static func sha1(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        let padded = pad(message)
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 80)
            for i in 0..<16 { w[i] = word(padded, chunk + 4 * i) }
            for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch i {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap(bigEndian)
    }

    static func sha256(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19]
        let padded = pad(message)
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 { w[i] = word(padded, chunk + 4 * i) }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k256[i] &+ w[i]
                let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (index, value) in [a, b, c, d, e, f, g, hh].enumerated() { h[index] &+= value }
        }
        return h.flatMap(bigEndian)
    }

    private static let k256: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    private static func pad(_ message: [UInt8]) -> [UInt8] {
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        return padded
    }

    private static func word(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
}

/// A minimal DER reader (definite lengths only), enough to look inside certificates.
struct DERNode {
    let tag: UInt8
    /// The content octets.
    let content: [UInt8]
    /// Tag, length and content.
    let encoded: [UInt8]

    /// The node at the start of `bytes`, if it is well-formed.
    static func parse<C: Collection>(_ input: C) -> DERNode? where C.Element == UInt8 {
        let bytes = Array(input)
        guard bytes.count >= 2 else { return nil }
        var length = Int(bytes[1])
        var header = 2
        if length >= 0x80 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, bytes.count >= 2 + count else { return nil }
            length = bytes[2..<2 + count].reduce(0) { $0 << 8 | Int($1) }
            header += count
        }
        guard bytes.count >= header + length else { return nil }
        return DERNode(tag: bytes[0], content: Array(bytes[header..<header + length]), encoded: Array(bytes[0..<header + length]))
    }

    /// The nodes inside a constructed node.
    var children: [DERNode] {
        var rest = content[...]
        var nodes: [DERNode] = []
        while !rest.isEmpty, let node = DERNode.parse(rest) {
            nodes.append(node)
            rest = rest.dropFirst(node.encoded.count)
        }
        return nodes
    }
}

extension Array where Element == UInt8 {
    /// How often `pattern` occurs in the bytes.
    func occurrences(of pattern: [UInt8]) -> Int {
        guard !pattern.isEmpty, count >= pattern.count else { return 0 }
        return (0...(count - pattern.count)).filter { self[$0..<$0 + pattern.count].elementsEqual(pattern) }.count
    }
}

/// Lower-case hex, for readable expectations.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
