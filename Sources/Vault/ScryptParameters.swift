#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The scrypt cost that locks the store's private key, stored in the store so that
/// every later unlock uses the same cost.
public struct ScryptParameters: Codable, Sendable, Equatable {
    /// log2 of the CPU/memory cost N.
    public var logN: Int
    /// Block size.
    public var r: Int
    /// Parallelism.
    public var p: Int

    public init(logN: Int, r: Int = 8, p: Int = 1) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// The least cost accepted when reading a store (RFC 7914's interactive-login example is N = 2^14).
    public static let minimumLogN = 14
    /// The most cost accepted when reading a store (2^20 × 8 × 128 bytes = 1 GiB).
    public static let maximumLogN = 20

    /// Memory scrypt needs: 128 × r × N bytes.
    public var memoryBytes: UInt64 { 128 * UInt64(r) << UInt64(logN) }

    /// Whether a stored value is within the bounds spconnect will run.
    public var isSane: Bool {
        (Self.minimumLogN...Self.maximumLogN).contains(logN) && r == 8 && (1...4).contains(p)
    }
}
