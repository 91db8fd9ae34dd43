#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes that must not outlive their use: passwords and unsealed private keys.
///
/// The storage is allocated once, never copied by Swift's copy-on-write, and wiped
/// with `explicit_bzero` when the object goes away. Code that reads the bytes gets a
/// pointer for the duration of a closure; it must not keep a copy.
///
/// The storage is its own anonymous mapping, marked `MADV_DONTDUMP` (left out of any core
/// dump) and locked in RAM with `mlock` where the limit allows (never swapped out).
public final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    private let mapped: Bool

    /// The number of bytes held.
    public var count: Int { count_ }

    /// Whether no byte is held.
    public var isEmpty: Bool { count_ == 0 }

    /// Copies `bytes` into wiped-on-release storage.
    public init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        (storage, mapped) = Self.allocate(bytes.count)
        _ = UnsafeMutableRawBufferPointer(rebasing: storage[0..<bytes.count]).initializeMemory(as: UInt8.self, from: bytes)
        count_ = bytes.count
    }

    /// Copies raw bytes into wiped-on-release storage.
    public init(copying pointer: UnsafeRawBufferPointer) {
        (storage, mapped) = Self.allocate(pointer.count)
        if let base = pointer.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: pointer.count) }
        count_ = pointer.count
    }

    private let count_: Int

    /// The parts one after the other, copied straight from storage to storage.
    public convenience init(joining parts: [SecretBytes]) {
        let total = parts.reduce(0) { $0 + $1.count }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 16)
        defer {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        var offset = 0
        for part in parts {
            part.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { (buffer.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count) }
            }
            offset += part.count
        }
        self.init(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<total]))
    }

    deinit {
        explicit_bzero(storage.baseAddress!, storage.count)
        Self.release(storage, mapped: mapped)
    }

    private static let pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
    // Linux's values (asm-generic/mman-common.h); Glibc's module does not export them.
    private static let mapAnonymous: Int32 = 0x20
    private static let adviseDontDump: Int32 = 16

    /// Zeroed storage for `count` bytes in its own mapping, left out of core dumps and
    /// locked in RAM when allowed; ordinary heap memory if the mapping fails.
    private static func allocate(_ count: Int) -> (UnsafeMutableRawBufferPointer, Bool) {
        let size = (max(count, 1) + pageSize - 1) / pageSize * pageSize
        #if os(Linux)
        let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | mapAnonymous, -1, 0)
        if let address, address != MAP_FAILED {
            _ = madvise(address, size, adviseDontDump)
            _ = mlock(address, size)
            return (UnsafeMutableRawBufferPointer(start: address, count: size), true)
        }
        #endif
        let heap = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        heap.initializeMemory(as: UInt8.self, repeating: 0)
        return (heap, false)
    }

    private static func release(_ storage: UnsafeMutableRawBufferPointer, mapped: Bool) {
        #if os(Linux)
        if mapped {
            _ = munlock(storage.baseAddress!, storage.count)
            _ = munmap(storage.baseAddress!, storage.count)
            return
        }
        #endif
        storage.deallocate()
    }

    /// Gives the bytes to `body` without copying them.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count_]))
    }

    /// Gives the bytes to `body` as a NUL-terminated C string (for C APIs that take one).
    public func withCString<R>(_ body: (UnsafePointer<CChar>, Int) throws -> R) rethrows -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count_ + 1, alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        if count_ > 0 { buffer.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: count_) }
        return try body(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), count_)
    }

    /// Whether two secrets hold the same bytes (constant time in the shorter length).
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count_ == other.count_ else { return false }
        var difference: UInt8 = 0
        withUnsafeBytes { mine in
            other.withUnsafeBytes { theirs in
                for index in 0..<count_ { difference |= mine[index] ^ theirs[index] }
            }
        }
        return difference == 0
    }
}
