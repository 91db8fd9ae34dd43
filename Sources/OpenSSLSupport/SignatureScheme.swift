/// The RSA signature schemes spconnect signs JWTs with (RFC 7518 §3.3 and §3.5).
package enum SignatureScheme: String, Sendable, CaseIterable {
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt: JOSE `PS256`.
    /// What Microsoft's certificate-credentials reference asks for today.
    case ps256 = "PS256"
    /// RSASSA-PKCS1-v1_5 with SHA-256: JOSE `RS256`, the older form Entra still accepts.
    case rs256 = "RS256"

    /// The JOSE `alg` value.
    package var joseAlgorithm: String { rawValue }
}
