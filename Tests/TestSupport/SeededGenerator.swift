// The one source of randomness in the tests: a seeded generator, so every random choice a
// test makes can be made again from the seed it names.
import Foundation

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): small, fast, and the same sequence for the same seed on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The seed this generator started from (print it with a failure to replay the run).
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A version 4 UUID (RFC 9562 §5.4) made from this generator's next 128 bits.
    public mutating func uuid() -> UUID {
        var bytes = withUnsafeBytes(of: next()) { Array($0) } + withUnsafeBytes(of: next()) { Array($0) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A generator for a test that takes its randomness from the run: the seed is
    /// `SPCONNECT_TEST_SEED` when set (to replay a failure), else `fallback`; it is printed
    /// with `label` so a failing run's seed is in the log.
    public static func forTest(_ label: String, fallback: UInt64) -> SeededGenerator {
        let text = ProcessInfo.processInfo.environment["SPCONNECT_TEST_SEED"] ?? ""
        let seed = UInt64(text) ?? fallback
        print("\(label): seed \(seed) (SPCONNECT_TEST_SEED=\(seed) to replay)")
        return SeededGenerator(seed: seed)
    }
}
